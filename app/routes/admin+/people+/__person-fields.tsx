import { useTranslation } from "react-i18next";
import { ASSIGNABLE_ROLES } from "#content-schemas/people";
import { Field } from "~/components/field";

export interface PersonValues {
  fullName: string;
  email: string;
  dateOfBirth: string;
  roles: string[];
}

/** The fields shared by "add a person" and "edit details"; errors are keyed by field name. */
export function PersonFields({ values, errors }: { values: PersonValues; errors?: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("people.fullName")} name="fullName" defaultValue={values.fullName} error={errors?.fullName} />
      <Field label={t("account.email")} name="email" type="email" defaultValue={values.email} error={errors?.email} />
      <Field
        label={t("people.dateOfBirth")}
        name="dateOfBirth"
        defaultValue={values.dateOfBirth}
        hint={t("people.dateHint")}
        error={errors?.dateOfBirth}
      />
      <fieldset aria-describedby={errors?.roles ? "roles-error" : undefined}>
        <legend className="field-label">{t("people.rolesLegend")}</legend>
        {ASSIGNABLE_ROLES.map((role) => (
          <label key={role} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" name="roles" value={role} defaultChecked={values.roles.includes(role)} className="h-5 w-5" />
            {t(`roles.${role}`)}
          </label>
        ))}
        {errors?.roles ? (
          <p id="roles-error" role="alert" className="text-sm font-medium text-danger">
            {errors.roles}
          </p>
        ) : null}
      </fieldset>
    </>
  );
}
