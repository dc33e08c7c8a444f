import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Field, FieldError, SelectField } from "~/components/field";
import { GRADES } from "#content-schemas/curriculum";

export interface ClassFormValues {
  schoolId: string;
  schoolYear: string;
  name: string;
  grade: number;
  homeroomTeacherId: string;
  subjectTeachers: { subjectCode: string; teacherId: string }[];
}

interface ClassFormProps {
  values: ClassFormValues;
  teachers: { id: string; name: string }[];
  subjects: { code: string; name: string; grades: number[] }[];
  errors?: Record<string, string>;
}

const EMPTY_ROWS = 3;

/** Create/edit form of a class; works without JavaScript (fixed extra rows for subject teachers). */
export function ClassForm({ values, teachers, subjects, errors }: ClassFormProps) {
  const { t } = useTranslation();
  const submitting = useNavigation().state === "submitting";
  const teacherOptions = teachers.map((teacher) => ({ value: teacher.id, label: teacher.name }));
  const subjectOptions = subjects.map((subject) => ({ value: subject.code, label: subject.name }));
  const rows = [...values.subjectTeachers, ...Array.from({ length: EMPTY_ROWS }, () => ({ subjectCode: "", teacherId: "" }))];
  return (
    <Form method="post" className="card space-y-4" noValidate>
      <input type="hidden" name="schoolId" value={values.schoolId} />
      {errors?.form ? <FieldError id="form-error" message={errors.form} /> : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label={t("classes.name")} name="name" defaultValue={values.name} error={errors?.name} />
        <SelectField
          label={t("classes.grade")}
          name="grade"
          defaultValue={values.grade}
          options={GRADES.map((grade) => ({ value: String(grade), label: String(grade) }))}
        />
        <Field label={t("classes.schoolYear")} name="schoolYear" defaultValue={values.schoolYear} error={errors?.schoolYear} />
      </div>
      <SelectField
        label={t("classes.homeroomTeacher")}
        name="homeroomTeacherId"
        defaultValue={values.homeroomTeacherId}
        emptyLabel={t("classes.noTeacher")}
        options={teacherOptions}
      />
      <fieldset className="space-y-2" aria-describedby="subjectTeachers-hint subjectTeachers-error">
        <legend className="field-label">{t("classes.subjectTeachers")}</legend>
        <p id="subjectTeachers-hint" className="text-sm text-muted">
          {t("classes.subjectTeachersHint")}
        </p>
        {rows.map((row, index) => (
          <div key={index} className="grid gap-2 sm:grid-cols-2">
            <SelectField
              label={`${t("classes.subject")} ${index + 1}`}
              hideLabel
              name="subjectCode"
              defaultValue={row.subjectCode}
              emptyLabel={t("classes.noSubject")}
              options={subjectOptions}
            />
            <SelectField
              label={`${t("classes.teacher")} ${index + 1}`}
              hideLabel
              name="teacherId"
              defaultValue={row.teacherId}
              emptyLabel={t("classes.noTeacher")}
              options={teacherOptions}
            />
          </div>
        ))}
        <FieldError id="subjectTeachers-error" message={errors?.subjectTeachers} />
      </fieldset>
      <button type="submit" className="btn-primary" disabled={submitting}>
        {t("classes.save")}
      </button>
    </Form>
  );
}
