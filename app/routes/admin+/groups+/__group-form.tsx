import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldError, SelectField } from "~/components/field";

export interface GroupFormValues {
  schoolId: string;
  name: string;
  subjectCodes: string[];
  leaderId: string;
  memberIds: string[];
}

interface GroupFormProps {
  values: GroupFormValues;
  teachers: { id: string; name: string }[];
  subjects: { code: string; name: string }[];
  errors?: Record<string, string>;
}

export function GroupForm({ values, teachers, subjects, errors }: GroupFormProps) {
  const { t } = useTranslation();
  const submitting = useNavigation().state === "submitting";
  return (
    <Form method="post" className="card space-y-4" noValidate>
      <input type="hidden" name="schoolId" value={values.schoolId} />
      <FieldError id="form-error" message={errors?.form} />
      <Field label={t("groups.name")} name="name" defaultValue={values.name} error={errors?.name} />
      <fieldset aria-describedby="subjectCodes-error">
        <legend className="field-label">{t("groups.subjects")}</legend>
        <div className="mt-2 grid gap-1 sm:grid-cols-3">
          {subjects.map((subject) => (
            <label key={subject.code} className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="subjectCodes"
                value={subject.code}
                defaultChecked={values.subjectCodes.includes(subject.code)}
                className="h-5 w-5"
              />
              {subject.name}
            </label>
          ))}
        </div>
        <FieldError id="subjectCodes-error" message={errors?.subjectCodes} />
      </fieldset>
      <SelectField
        label={t("groups.leader")}
        name="leaderId"
        defaultValue={values.leaderId}
        emptyLabel={t("groups.noLeader")}
        options={teachers.map((teacher) => ({ value: teacher.id, label: teacher.name }))}
      />
      <fieldset aria-describedby="members-hint memberIds-error">
        <legend className="field-label">{t("groups.members")}</legend>
        <p id="members-hint" className="text-sm text-muted">
          {t("groups.membersHint")}
        </p>
        <div className="mt-2 grid gap-1 sm:grid-cols-2">
          {teachers.map((teacher) => (
            <label key={teacher.id} className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="checkbox"
                name="memberIds"
                value={teacher.id}
                defaultChecked={values.memberIds.includes(teacher.id)}
                className="h-5 w-5"
              />
              {teacher.name}
            </label>
          ))}
        </div>
        <FieldError id="memberIds-error" message={errors?.memberIds} />
      </fieldset>
      <button type="submit" className="btn-primary" disabled={submitting}>
        {t("groups.save")}
      </button>
    </Form>
  );
}
