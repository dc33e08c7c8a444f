// Every route × every kind of person × own/other school: who may open or change what.
// Resources all belong to school A; the administrator of school B is the "other school" case.
import { readdirSync } from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Types } from "mongoose";
import { beforeAll, describe, expect, it } from "vitest";
import { assignAssessmentSchema, createAssessmentSchema, type ShowResults } from "#content-schemas/assessments";
import { AssessmentAssignment } from "#models/assessment-assignment";
import { Attempt, type AttemptDoc } from "#models/attempt";
import { AttemptAnswer, attemptAnswerId } from "#models/attempt-answer";
import { AttemptPhoto } from "#models/attempt-photo";
import { ClassUse } from "#models/class-use";
import { HarvestedItem } from "#models/harvested-item";
import { Material } from "#models/material";
import { QuestionImport } from "#models/question-import";
import { Question } from "#models/question";
import { SchoolClass } from "#models/school-class";
import { Upload } from "#models/upload";
import { User, USER_PROFILE_FIELDS, type UserProfile } from "#models/user";
import { CLIENT_ADDRESS_HEADER } from "~/auth/request.server";
import { ensureBucket, putObject, startMultipartUpload } from "~/services/storage.server";
import { actorOf, createSession, type Actor } from "~/auth/session.server";
import { setTwoFactorKey } from "~/auth/two-factor.server";
import { addItem, createAssessment, generateVersions } from "~/domain/assessments/assessments.server";
import { assignAssessment } from "~/domain/assessments/assignments.server";
import { addEssayPhoto } from "~/domain/assessments/attempt-photos.server";
import { saveResponse, startAttempt, submitAttempt } from "~/domain/assessments/attempts.server";
import { listAuditEvents } from "~/domain/audit/list-audit-events.server";
import { GDPT_2018_SUBJECTS } from "~/domain/curriculum/gdpt-2018-subjects";
import { importSubjects } from "~/domain/curriculum/import-subjects.server";
import { importTopicList, listTopics } from "~/domain/curriculum/topics.server";
import type { MaterialResult as DomainResult } from "~/domain/materials/materials.server";
import { saveSubjectGroup } from "~/domain/subject-groups/subject-groups.server";
import { upsertOrganisation } from "~/domain/organisations/upsert-organisation.server";
import { organisationByCode, upsertUser } from "~/domain/people/upsert-user.server";
import { applyRosterImport } from "~/domain/roster/apply-roster-import.server";
import { currentSchoolYear } from "~/domain/roster/school-year";
import { previewRosterImport } from "~/domain/roster/preview-roster-import.server";
import { readRosterFile } from "~/domain/roster/read-roster-file.server";
import * as account from "~/routes/account+/_index";
import * as password from "~/routes/account+/password";
import * as sessions from "~/routes/account+/sessions";
import * as tokens from "~/routes/account+/tokens";
import * as twoFactor from "~/routes/account+/two-factor";
import * as audit from "~/routes/admin+/audit";
import * as editClass from "~/routes/admin+/classes+/$classId";
import * as topic from "~/routes/admin+/curriculum+/$topicId";
import * as curriculum from "~/routes/admin+/curriculum+/_index";
import * as curriculumTemplate from "~/routes/admin+/curriculum+/template[.]xlsx";
import * as classes from "~/routes/admin+/classes+/_index";
import * as newClass from "~/routes/admin+/classes+/new";
import * as editGroup from "~/routes/admin+/groups+/$groupId";
import * as groups from "~/routes/admin+/groups+/_index";
import * as newGroup from "~/routes/admin+/groups+/new";
import * as jobs from "~/routes/admin+/jobs";
import * as organisation from "~/routes/admin+/organisations+/$organisationId";
import * as organisations from "~/routes/admin+/organisations+/_index";
import * as exportPerson from "~/routes/admin+/people+/$userId.export";
import * as person from "~/routes/admin+/people+/$userId";
import * as people from "~/routes/admin+/people+/_index";
import * as newPerson from "~/routes/admin+/people+/new";
import * as rosterImport from "~/routes/admin+/roster+/$importId";
import * as rosterPasswords from "~/routes/admin+/roster+/$importId.passwords[.]xlsx";
import * as roster from "~/routes/admin+/roster+/_index";
import * as rosterTemplate from "~/routes/admin+/roster+/template[.]xlsx";
import * as me from "~/routes/api+/v1+/me";
import * as apiClassMaterials from "~/routes/api+/v1+/class-materials";
import * as apiClassUses from "~/routes/api+/v1+/materials+/$materialId.class-uses";
import * as apiComments from "~/routes/api+/v1+/materials+/$materialId.comments";
import * as apiCopies from "~/routes/api+/v1+/materials+/$materialId.copies";
import * as apiRating from "~/routes/api+/v1+/materials+/$materialId.rating";
import * as apiReports from "~/routes/api+/v1+/materials+/$materialId.reports";
import * as apiRepository from "~/routes/api+/v1+/repository";
import * as apiSearch from "~/routes/api+/v1+/search";
import * as apiExternalItem from "~/routes/api+/v1+/external-items+/$itemId";
import * as apiExternalItems from "~/routes/api+/v1+/external-items+/_index";
import * as externalItems from "~/routes/repository+/external";
import * as apiStatistics from "~/routes/api+/v1+/statistics";
import * as apiMaterial from "~/routes/api+/v1+/materials+/$materialId._index";
import * as apiH5pResults from "~/routes/api+/v1+/materials+/$materialId.h5p-results";
import * as apiProcessing from "~/routes/api+/v1+/materials+/$materialId.processing";
import * as apiVersions from "~/routes/api+/v1+/materials+/$materialId.versions";
import * as apiMaterials from "~/routes/api+/v1+/materials+/_index";
import * as apiUpload from "~/routes/api+/v1+/uploads+/$uploadId._index";
import * as apiCompleteUpload from "~/routes/api+/v1+/uploads+/$uploadId.complete";
import * as apiUploadPart from "~/routes/api+/v1+/uploads+/$uploadId.parts.$partNumber";
import * as apiUploadParts from "~/routes/api+/v1+/uploads+/$uploadId.parts._index";
import * as apiUploads from "~/routes/api+/v1+/uploads+/_index";
import * as apiQuestion from "~/routes/api+/v1+/questions+/$questionId";
import * as apiQuestions from "~/routes/api+/v1+/questions+/_index";
import * as apiQuestionsBulk from "~/routes/api+/v1+/questions+/bulk";
import * as apiQuestionsExport from "~/routes/api+/v1+/questions+/export";
import * as apiQuestionImport from "~/routes/api+/v1+/questions+/imports.$importId._index";
import * as apiQuestionImportConfirm from "~/routes/api+/v1+/questions+/imports.$importId.confirm";
import * as apiQuestionImports from "~/routes/api+/v1+/questions+/imports._index";
import * as material from "~/routes/materials+/$materialId._index";
import * as materialDownload from "~/routes/materials+/$materialId.download";
import * as materialEdit from "~/routes/materials+/$materialId.edit";
import * as materialEmbed from "~/routes/materials+/$materialId.embed";
import * as materialHistory from "~/routes/materials+/$materialId.history";
import * as materialReport from "~/routes/materials+/$materialId.report";
import * as materialUse from "~/routes/materials+/$materialId.use";
import * as learn from "~/routes/learn+/_index";
import * as repository from "~/routes/repository+/_index";
import * as searchPage from "~/routes/search";
import * as statistics from "~/routes/statistics+/_index";
import * as statisticsExport from "~/routes/statistics+/export[.]xlsx";
import * as materials from "~/routes/materials+/_index";
import * as newMaterial from "~/routes/materials+/new";
import * as questionPage from "~/routes/questions+/$questionId._index";
import * as questionReview from "~/routes/review+/questions.$questionId";
import * as questionEditPage from "~/routes/questions+/$questionId.edit";
import * as questionBank from "~/routes/questions+/_index";
import * as questionImportPage from "~/routes/questions+/import";
import * as newQuestionPage from "~/routes/questions+/new";
import * as media from "~/routes/media.$uploadId";
import * as testPrint from "~/routes/assessments+/$assessmentId.print";
import * as testKey from "~/routes/assessments+/$assessmentId.key.$itemKey";
import * as attemptReviewPage from "~/routes/assessments+/attempts.$attemptId";
import * as apiTestKey from "~/routes/api+/v1+/assessments+/$assessmentId.items.$itemKey.key";
import * as testPage from "~/routes/assessments+/$assessmentId._index";
import * as tests from "~/routes/assessments+/_index";
import * as gradingPage from "~/routes/assessments+/grading.$assignmentId";
import * as newTest from "~/routes/assessments+/new";
import * as classResultsPage from "~/routes/assessments+/results.$assignmentId";
import * as classResultsWorkbook from "~/routes/assessments+/results.$assignmentId[.]xlsx";
import * as attemptPage from "~/routes/attempts+/$attemptId._index";
import * as attemptResultPage from "~/routes/attempts+/$attemptId.result";
import * as myTests from "~/routes/tests+/_index";
import * as myTest from "~/routes/tests+/$assignmentId";
import * as apiTest from "~/routes/api+/v1+/assessments+/$assessmentId._index";
import * as apiTestAssignments from "~/routes/api+/v1+/assessments+/$assessmentId.assignments";
import * as apiTestItems from "~/routes/api+/v1+/assessments+/$assessmentId.items";
import * as apiTestVersions from "~/routes/api+/v1+/assessments+/$assessmentId.versions";
import * as apiTests from "~/routes/api+/v1+/assessments+/_index";
import * as apiAssignmentAttempts from "~/routes/api+/v1+/assignments.$assignmentId.attempts";
import * as apiAssignmentResults from "~/routes/api+/v1+/assignments.$assignmentId.results";
import * as apiAssignments from "~/routes/api+/v1+/assignments._index";
import * as apiGrades from "~/routes/api+/v1+/grades";
import * as apiAttempt from "~/routes/api+/v1+/attempts+/$attemptId._index";
import * as apiAttemptEvents from "~/routes/api+/v1+/attempts+/$attemptId.events";
import * as apiAttemptPhoto from "~/routes/api+/v1+/attempts+/$attemptId.photos.$photoId";
import * as apiAttemptResponse from "~/routes/api+/v1+/attempts+/$attemptId.responses.$itemKey";
import * as apiAttemptPhotos from "~/routes/api+/v1+/attempts+/$attemptId.responses.$itemKey.photos";
import * as apiAttemptResult from "~/routes/api+/v1+/attempts+/$attemptId.result";
import * as apiAttemptSubmit from "~/routes/api+/v1+/attempts+/$attemptId.submit";
import * as notifications from "~/routes/notifications+/_index";
import * as reviewItem from "~/routes/review+/$materialId";
import * as reviewQueue from "~/routes/review+/_index";
import { fortyStudentRoster, rosterWorkbook } from "../support/roster-files";
import { cameraJpeg, describeImage } from "../support/images";

const PEOPLE = ["anonymous", "studentA", "teacherA", "adminA", "adminB", "districtAdmin", "systemAdmin"] as const;
type Person = (typeof PEOPLE)[number];
type Outcome = "allow" | "deny" | "login";

const ORIGIN = "http://127.0.0.1:3000";
const cookies = new Map<Person, string>();
const ids = {
  topic: "",
  questionPageItem: "",
  schoolA: "",
  district: "",
  studentA: "",
  classA: "",
  importA: "",
  otherStudentA: "",
  groupA: "",
  /** A link and an H5P material of teacher A (private drafts), an unfinished and a finished upload of theirs. */
  linkMaterial: "",
  h5pMaterial: "",
  /** Published in school A (scope school) and given to the class teacher A teaches and student A learns in. */
  publishedMaterial: "",
  /** Published by school B to the district: teacher A sees it through the sharing rule. */
  siblingMaterial: "",
  /** A record harvested from another repository over OAI-PMH. */
  externalItem: "",
  /** A class of school A taught by teacher A, with student A. */
  taughtClass: "",
  openUpload: "",
  completedUpload: "",
  lectureImage: "",
  /** A private draft question of teacher A, and a question file teacher A read for import (not confirmed yet). */
  apiQuestion: "",
  questionImport: "",
  /** Approved questions of teacher A (Toán 10): a short answer (key "2") and an essay. */
  shortAnswerQuestion: "",
  essayQuestion: "",
  /** Teacher A's test: the short answer as i1, the essay (photos allowed) as i2, two versions, assigned (so locked). */
  test: "",
  /** The test given to the taught class, open now, results never shown to students. */
  assignment: "",
  /** Student A's attempt at it, in progress, and another student of the class's, in progress too. */
  attempt: "",
  otherAttempt: "",
  /** A photo of student A's essay (i2) sent for that attempt, and one the other student sent for theirs. */
  essayPhoto: "",
  otherEssayPhoto: "",
  /** The test given to the class a second time; student A submitted it with an essay answer waiting for marks. */
  submittedAssignment: "",
  submittedAttempt: "",
};

type Handler = (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown;

interface RouteCase {
  name: string;
  /** The route module under app/routes, so the coverage check below can find routes nobody listed. */
  file: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: () => string;
  handler: Handler;
  params?: () => Record<string, string>;
  body?: () => URLSearchParams;
  /** A JSON body (API routes). */
  json?: () => unknown;
  /** A multipart form (file uploads), a new one for each call. */
  form?: () => FormData;
  allowed: readonly Person[];
}

const SIGNED_IN: readonly Person[] = PEOPLE.filter((who) => who !== "anonymous");
const ADMINS_OF_A: readonly Person[] = ["adminA", "districtAdmin", "systemAdmin"];
const ALL_ADMINS: readonly Person[] = ["adminA", "adminB", "districtAdmin", "systemAdmin"];
/** A school's administrator does not edit their own school; the offices above it do. */
const OFFICES_OVER_A: readonly Person[] = ["districtAdmin", "systemAdmin"];

const ROUTES: RouteCase[] = [
  {
    name: "account page",
    method: "GET",
    path: () => "/account",
    handler: account.loader as Handler,
    file: "account+/_index.tsx",
    allowed: SIGNED_IN,
  },
  {
    name: "password page",
    method: "GET",
    path: () => "/account/password",
    handler: password.loader as Handler,
    file: "account+/password.tsx",
    allowed: SIGNED_IN,
  },
  {
    name: "API tokens page",
    method: "GET",
    path: () => "/account/tokens",
    handler: tokens.loader as Handler,
    file: "account+/tokens.tsx",
    allowed: SIGNED_IN,
  },
  {
    name: "two-factor settings",
    method: "GET",
    path: () => "/account/two-factor",
    handler: twoFactor.loader as Handler,
    file: "account+/two-factor.tsx",
    allowed: SIGNED_IN,
  },
  {
    name: "devices page",
    method: "GET",
    path: () => "/account/sessions",
    handler: sessions.loader as Handler,
    file: "account+/sessions.tsx",
    allowed: SIGNED_IN,
  },
  {
    name: "GET /api/v1/me",
    method: "GET",
    path: () => "/api/v1/me",
    handler: me.loader as Handler,
    file: "api+/v1+/me.ts",
    allowed: SIGNED_IN,
  },
  {
    name: "job status",
    method: "GET",
    path: () => "/admin/jobs",
    handler: jobs.loader as Handler,
    file: "admin+/jobs.tsx",
    allowed: ["systemAdmin"],
  },
  {
    name: "security log",
    method: "GET",
    path: () => "/admin/audit",
    handler: audit.loader as Handler,
    file: "admin+/audit.tsx",
    allowed: ALL_ADMINS,
  },
  {
    name: "people of school A",
    method: "GET",
    path: () => `/admin/people?school=${ids.schoolA}`,
    handler: people.loader as Handler,
    file: "admin+/people+/_index.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "record of a student of A",
    method: "GET",
    path: () => `/admin/people/${ids.studentA}`,
    params: () => ({ userId: ids.studentA }),
    handler: person.loader as Handler,
    file: "admin+/people+/$userId.tsx",
    allowed: [...ADMINS_OF_A, "studentA"],
  },
  {
    name: "personal-data export of a student of A",
    method: "GET",
    path: () => `/admin/people/${ids.studentA}/export?format=json`,
    params: () => ({ userId: ids.studentA }),
    handler: exportPerson.loader as Handler,
    file: "admin+/people+/$userId.export.ts",
    allowed: [...ADMINS_OF_A, "studentA"],
  },
  {
    // Another student than the one whose session the matrix uses: a reset signs the person out.
    name: "password reset of a student of A",
    method: "POST",
    path: () => `/admin/people/${ids.otherStudentA}`,
    params: () => ({ userId: ids.otherStudentA }),
    handler: person.action as Handler,
    file: "admin+/people+/$userId.tsx",
    body: () => new URLSearchParams(),
    allowed: ADMINS_OF_A,
  },
  {
    name: "add-a-person page of school A",
    method: "GET",
    path: () => `/admin/people/new?school=${ids.schoolA}`,
    handler: newPerson.loader as Handler,
    file: "admin+/people+/new.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "add a person to school A",
    method: "POST",
    path: () => "/admin/people/new",
    handler: newPerson.action as Handler,
    file: "admin+/people+/new.tsx",
    body: () =>
      new URLSearchParams([
        ["schoolId", ids.schoolA],
        ["code", `GV${Math.floor(Math.random() * 1e9)}`],
        ["fullName", "Giáo viên mới"],
        ["roles", "teacher"],
      ]),
    allowed: ADMINS_OF_A,
  },
  {
    name: "edit a student of A",
    method: "POST",
    path: () => `/admin/people/${ids.otherStudentA}`,
    params: () => ({ userId: ids.otherStudentA }),
    handler: person.action as Handler,
    file: "admin+/people+/$userId.tsx",
    body: () =>
      new URLSearchParams([
        ["intent", "update"],
        ["fullName", "Học sinh Số 1"],
        ["dateOfBirth", "01/01/2014"],
        ["roles", "student"],
      ]),
    allowed: ADMINS_OF_A,
  },
  {
    name: "classes of school A",
    method: "GET",
    path: () => `/admin/classes?school=${ids.schoolA}`,
    handler: classes.loader as Handler,
    file: "admin+/classes+/_index.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "new class in school A",
    method: "GET",
    path: () => `/admin/classes/new?school=${ids.schoolA}`,
    handler: newClass.loader as Handler,
    file: "admin+/classes+/new.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "create a class in school A",
    method: "POST",
    path: () => "/admin/classes/new",
    handler: newClass.action as Handler,
    file: "admin+/classes+/new.tsx",
    body: () =>
      new URLSearchParams({
        schoolId: ids.schoolA,
        schoolYear: "2026-2027",
        name: `9A${Math.floor(Math.random() * 1e6)}`,
        grade: "9",
      }),
    allowed: ADMINS_OF_A,
  },
  {
    name: "class of school A",
    method: "GET",
    path: () => `/admin/classes/${ids.classA}`,
    params: () => ({ classId: ids.classA }),
    handler: editClass.loader as Handler,
    file: "admin+/classes+/$classId.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "edit a class of school A",
    method: "POST",
    path: () => `/admin/classes/${ids.classA}`,
    params: () => ({ classId: ids.classA }),
    handler: editClass.action as Handler,
    file: "admin+/classes+/$classId.tsx",
    body: () => new URLSearchParams({ schoolId: ids.schoolA, schoolYear: "2026-2027", name: "6A1", grade: "6" }),
    allowed: ADMINS_OF_A,
  },
  {
    name: "subject groups of school A",
    method: "GET",
    path: () => `/admin/groups?school=${ids.schoolA}`,
    handler: groups.loader as Handler,
    file: "admin+/groups+/_index.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "new subject group in school A",
    method: "GET",
    path: () => `/admin/groups/new?school=${ids.schoolA}`,
    handler: newGroup.loader as Handler,
    file: "admin+/groups+/new.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "create a subject group in school A",
    method: "POST",
    path: () => "/admin/groups/new",
    handler: newGroup.action as Handler,
    file: "admin+/groups+/new.tsx",
    body: () =>
      new URLSearchParams([
        ["schoolId", ids.schoolA],
        ["name", `Tổ ${Math.random()}`],
        ["subjectCodes", "TOAN"],
      ]),
    allowed: ADMINS_OF_A,
  },
  {
    name: "subject group of school A",
    method: "GET",
    path: () => `/admin/groups/${ids.groupA}`,
    params: () => ({ groupId: ids.groupA }),
    handler: editGroup.loader as Handler,
    file: "admin+/groups+/$groupId.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "edit a subject group of school A",
    method: "POST",
    path: () => `/admin/groups/${ids.groupA}`,
    params: () => ({ groupId: ids.groupA }),
    handler: editGroup.action as Handler,
    file: "admin+/groups+/$groupId.tsx",
    body: () =>
      new URLSearchParams([
        ["schoolId", ids.schoolA],
        ["name", "Tổ Toán – Tin"],
        ["subjectCodes", "TOAN"],
        ["subjectCodes", "TIN_HOC"],
      ]),
    allowed: ADMINS_OF_A,
  },
  {
    name: "organisation tree",
    method: "GET",
    path: () => "/admin/organisations",
    handler: organisations.loader as Handler,
    file: "admin+/organisations+/_index.tsx",
    allowed: OFFICES_OVER_A,
  },
  {
    name: "create a school under the district",
    method: "POST",
    path: () => "/admin/organisations",
    handler: organisations.action as Handler,
    file: "admin+/organisations+/_index.tsx",
    body: () =>
      new URLSearchParams({
        parentId: ids.district,
        code: `THCS-${Math.floor(Math.random() * 1e9)}`,
        name: "Trường mới",
        schoolLevel: "lower_secondary",
      }),
    allowed: OFFICES_OVER_A,
  },
  {
    name: "school A's details",
    method: "GET",
    path: () => `/admin/organisations/${ids.schoolA}`,
    params: () => ({ organisationId: ids.schoolA }),
    handler: organisation.loader as Handler,
    file: "admin+/organisations+/$organisationId.tsx",
    allowed: OFFICES_OVER_A,
  },
  {
    name: "rename school A",
    method: "POST",
    path: () => `/admin/organisations/${ids.schoolA}`,
    params: () => ({ organisationId: ids.schoolA }),
    handler: organisation.action as Handler,
    file: "admin+/organisations+/$organisationId.tsx",
    body: () => new URLSearchParams({ name: "Trường A", schoolLevel: "lower_secondary" }),
    allowed: OFFICES_OVER_A,
  },
  {
    name: "curriculum catalogue",
    method: "GET",
    path: () => "/admin/curriculum",
    handler: curriculum.loader as Handler,
    file: "admin+/curriculum+/_index.tsx",
    allowed: ["systemAdmin"],
  },
  {
    name: "add a curriculum topic",
    method: "POST",
    path: () => "/admin/curriculum",
    handler: curriculum.action as Handler,
    file: "admin+/curriculum+/_index.tsx",
    body: () =>
      new URLSearchParams({
        subjectCode: "TOAN",
        grade: "11",
        order: String(Math.floor(Math.random() * 190) + 1),
        name: "Chủ đề thử",
        outcomes: "",
      }),
    allowed: ["systemAdmin"],
  },
  {
    name: "curriculum template",
    method: "GET",
    path: () => "/admin/curriculum/template.xlsx",
    handler: curriculumTemplate.loader as Handler,
    file: "admin+/curriculum+/template[.]xlsx.ts",
    allowed: ["systemAdmin"],
  },
  {
    name: "a curriculum topic",
    method: "GET",
    path: () => `/admin/curriculum/${ids.topic}`,
    params: () => ({ topicId: ids.topic }),
    handler: topic.loader as Handler,
    file: "admin+/curriculum+/$topicId.tsx",
    allowed: ["systemAdmin"],
  },
  {
    name: "edit a curriculum topic",
    method: "POST",
    path: () => `/admin/curriculum/${ids.topic}`,
    params: () => ({ topicId: ids.topic }),
    handler: topic.action as Handler,
    file: "admin+/curriculum+/$topicId.tsx",
    body: () => new URLSearchParams({ order: "1", name: "Mệnh đề và tập hợp", outcomes: "" }),
    allowed: ["systemAdmin"],
  },
  {
    name: "roster upload page",
    method: "GET",
    path: () => "/admin/roster",
    handler: roster.loader as Handler,
    file: "admin+/roster+/_index.tsx",
    allowed: ALL_ADMINS,
  },
  {
    name: "roster template",
    method: "GET",
    path: () => "/admin/roster/template.xlsx",
    handler: rosterTemplate.loader as Handler,
    file: "admin+/roster+/template[.]xlsx.ts",
    allowed: ALL_ADMINS,
  },
  {
    name: "roster import of school A",
    method: "GET",
    path: () => `/admin/roster/${ids.importA}`,
    params: () => ({ importId: ids.importA }),
    handler: rosterImport.loader as Handler,
    file: "admin+/roster+/$importId.tsx",
    allowed: ADMINS_OF_A,
  },
  {
    name: "apply a roster import of school A",
    method: "POST",
    path: () => `/admin/roster/${ids.importA}`,
    params: () => ({ importId: ids.importA }),
    handler: rosterImport.action as Handler,
    file: "admin+/roster+/$importId.tsx",
    body: () => new URLSearchParams(),
    allowed: ADMINS_OF_A,
  },
  {
    name: "first-password sheet of school A",
    method: "GET",
    path: () => `/admin/roster/${ids.importA}/passwords.xlsx`,
    params: () => ({ importId: ids.importA }),
    handler: rosterPasswords.loader as Handler,
    file: "admin+/roster+/$importId.passwords[.]xlsx.ts",
    allowed: ADMINS_OF_A,
  },
  ...materialRoutes(),
  ...sharingRoutes(),
  ...statisticsRoutes(),
  ...questionApiRoutes(),
  ...testRoutes(),
  ...attemptRoutes(),
];

/** Materials: teacher A's private drafts are theirs, their school's and offices' above it to read, nobody else's. */
function materialRoutes(): RouteCase[] {
  const READERS_OF_A: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  const AUTHOR: readonly Person[] = ["teacherA", "systemAdmin"];
  const link = () => ({ materialId: ids.linkMaterial });
  const h5p = () => ({ materialId: ids.h5pMaterial });
  return [
    {
      name: "my notifications",
      method: "GET",
      path: () => "/notifications",
      handler: notifications.loader as Handler,
      file: "notifications+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "review queue",
      method: "GET",
      path: () => "/review",
      handler: reviewQueue.loader as Handler,
      file: "review+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      // A draft nobody submitted: no one has a review task on it, not even the system administrator.
      name: "review screen of a draft",
      method: "GET",
      path: () => `/review/${ids.linkMaterial}`,
      params: link,
      handler: reviewItem.loader as Handler,
      file: "review+/$materialId.tsx",
      allowed: [],
    },
    {
      name: "my materials",
      method: "GET",
      path: () => "/materials",
      handler: materials.loader as Handler,
      file: "materials+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "new material page",
      method: "GET",
      path: () => "/materials/new?kind=link",
      handler: newMaterial.loader as Handler,
      file: "materials+/new.tsx",
      allowed: AUTHOR,
    },
    {
      name: "question bank",
      method: "GET",
      path: () => "/questions",
      handler: questionBank.loader as Handler,
      file: "questions+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "new question page",
      method: "GET",
      path: () => "/questions/new",
      handler: newQuestionPage.loader as Handler,
      file: "questions+/new.tsx",
      allowed: AUTHOR,
    },
    {
      name: "question import page",
      method: "GET",
      path: () => "/questions/import",
      handler: questionImportPage.loader as Handler,
      file: "questions+/import.tsx",
      allowed: AUTHOR,
    },
    {
      // A draft: only its author (and the administrators overseeing the school) may read it.
      name: "question page",
      method: "GET",
      path: () => `/questions/${ids.questionPageItem}`,
      params: () => ({ questionId: ids.questionPageItem }),
      handler: questionPage.loader as Handler,
      file: "questions+/$questionId._index.tsx",
      allowed: READERS_OF_A,
    },
    {
      // A draft nobody submitted: no one has a review task on it.
      name: "review screen of a draft question",
      method: "GET",
      path: () => `/review/questions/${ids.questionPageItem}`,
      params: () => ({ questionId: ids.questionPageItem }),
      handler: questionReview.loader as Handler,
      file: "review+/questions.$questionId.tsx",
      allowed: [],
    },
    {
      name: "question edit page",
      method: "GET",
      path: () => `/questions/${ids.questionPageItem}/edit`,
      params: () => ({ questionId: ids.questionPageItem }),
      handler: questionEditPage.loader as Handler,
      file: "questions+/$questionId.edit.tsx",
      allowed: AUTHOR,
    },
    {
      name: "material page",
      method: "GET",
      path: () => `/materials/${ids.linkMaterial}`,
      params: link,
      handler: material.loader as Handler,
      file: "materials+/$materialId._index.tsx",
      allowed: READERS_OF_A,
    },
    {
      name: "material edit page",
      method: "GET",
      path: () => `/materials/${ids.linkMaterial}/edit`,
      params: link,
      handler: materialEdit.loader as Handler,
      file: "materials+/$materialId.edit.tsx",
      allowed: AUTHOR,
    },
    {
      name: "material history",
      method: "GET",
      path: () => `/materials/${ids.linkMaterial}/history`,
      params: link,
      handler: materialHistory.loader as Handler,
      file: "materials+/$materialId.history.tsx",
      allowed: AUTHOR,
    },
    {
      name: "material download",
      method: "GET",
      path: () => `/materials/${ids.h5pMaterial}/download`,
      params: h5p,
      handler: materialDownload.loader as Handler,
      file: "materials+/$materialId.download.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "embedded player",
      method: "GET",
      path: () => `/materials/${ids.h5pMaterial}/embed`,
      params: h5p,
      handler: materialEmbed.loader as Handler,
      file: "materials+/$materialId.embed.tsx",
      allowed: READERS_OF_A,
    },
    {
      name: "lecture image",
      method: "GET",
      path: () => `/media/${ids.lectureImage}`,
      params: () => ({ uploadId: ids.lectureImage }),
      handler: media.loader as Handler,
      file: "media.$uploadId.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "GET /api/v1/materials",
      method: "GET",
      path: () => "/api/v1/materials",
      handler: apiMaterials.loader as Handler,
      file: "api+/v1+/materials+/_index.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "POST /api/v1/materials",
      method: "POST",
      path: () => "/api/v1/materials",
      handler: apiMaterials.action as Handler,
      file: "api+/v1+/materials+/_index.ts",
      json: () => ({ kind: "link", url: "https://example.org/bai-1", title: "Liên kết mới", subjectCode: "TOAN", grades: [10] }),
      allowed: AUTHOR,
    },
    {
      name: "GET /api/v1/materials/{id}",
      method: "GET",
      path: () => `/api/v1/materials/${ids.linkMaterial}`,
      params: link,
      handler: apiMaterial.loader as Handler,
      file: "api+/v1+/materials+/$materialId._index.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "PATCH /api/v1/materials/{id}",
      method: "PATCH",
      path: () => `/api/v1/materials/${ids.linkMaterial}`,
      params: link,
      handler: apiMaterial.action as Handler,
      file: "api+/v1+/materials+/$materialId._index.ts",
      json: () => ({ summary: "Đã sửa" }),
      allowed: AUTHOR,
    },
    {
      name: "material versions API",
      method: "GET",
      path: () => `/api/v1/materials/${ids.linkMaterial}/versions`,
      params: link,
      handler: apiVersions.loader as Handler,
      file: "api+/v1+/materials+/$materialId.versions.ts",
      allowed: AUTHOR,
    },
    {
      name: "processing status API",
      method: "GET",
      path: () => `/api/v1/materials/${ids.h5pMaterial}/processing`,
      params: h5p,
      handler: apiProcessing.loader as Handler,
      file: "api+/v1+/materials+/$materialId.processing.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "processing retry API",
      method: "POST",
      path: () => `/api/v1/materials/${ids.h5pMaterial}/processing`,
      params: h5p,
      // Two authors queueing the same version at the same instant: the second guarded update would answer 409.
      handler: oneAtATime(apiProcessing.action as Handler),
      file: "api+/v1+/materials+/$materialId.processing.ts",
      allowed: AUTHOR,
    },
    {
      name: "H5P result API",
      method: "POST",
      path: () => `/api/v1/materials/${ids.h5pMaterial}/h5p-results`,
      params: h5p,
      handler: apiH5pResults.action as Handler,
      file: "api+/v1+/materials+/$materialId.h5p-results.ts",
      json: () => ({ version: 1, verb: "answered", scoreRaw: 1, scoreMax: 1 }),
      allowed: READERS_OF_A,
    },
    {
      name: "POST /api/v1/uploads",
      method: "POST",
      path: () => "/api/v1/uploads",
      handler: apiUploads.action as Handler,
      file: "api+/v1+/uploads+/_index.ts",
      json: () => ({ purpose: "document", fileName: "bai-1.pdf", size: 1000 }),
      allowed: ["teacherA"],
    },
    {
      name: "upload parts list",
      method: "GET",
      path: () => `/api/v1/uploads/${ids.openUpload}/parts`,
      params: () => ({ uploadId: ids.openUpload }),
      handler: apiUploadParts.loader as Handler,
      file: "api+/v1+/uploads+/$uploadId.parts._index.ts",
      allowed: ["teacherA"],
    },
    {
      name: "upload part address",
      method: "GET",
      path: () => `/api/v1/uploads/${ids.openUpload}/parts/1`,
      params: () => ({ uploadId: ids.openUpload, partNumber: "1" }),
      handler: apiUploadPart.loader as Handler,
      file: "api+/v1+/uploads+/$uploadId.parts.$partNumber.ts",
      allowed: ["teacherA"],
    },
    {
      name: "complete an upload",
      method: "POST",
      path: () => `/api/v1/uploads/${ids.completedUpload}/complete`,
      params: () => ({ uploadId: ids.completedUpload }),
      handler: apiCompleteUpload.action as Handler,
      file: "api+/v1+/uploads+/$uploadId.complete.ts",
      json: () => ({ parts: [{ partNumber: 1, etag: "x" }] }),
      allowed: ["teacherA"],
    },
    {
      name: "abort an upload",
      method: "DELETE",
      path: () => `/api/v1/uploads/${ids.completedUpload}`,
      params: () => ({ uploadId: ids.completedUpload }),
      handler: apiUpload.action as Handler,
      file: "api+/v1+/uploads+/$uploadId._index.ts",
      allowed: ["teacherA"],
    },
  ];
}

/** The shared repository: what school A's people may do with a published item of A and a district item of B. */
function sharingRoutes(): RouteCase[] {
  const STAFF: readonly Person[] = SIGNED_IN.filter((who) => who !== "studentA");
  const READERS_OF_PUBLISHED: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  const published = () => ({ materialId: ids.publishedMaterial });
  const sibling = () => ({ materialId: ids.siblingMaterial });
  return [
    {
      name: "shared repository",
      method: "GET",
      path: () => "/repository",
      handler: repository.loader as Handler,
      file: "repository+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "class materials (students)",
      method: "GET",
      path: () => "/learn",
      handler: learn.loader as Handler,
      file: "learn+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "use-in-class page",
      method: "GET",
      path: () => `/materials/${ids.publishedMaterial}/use`,
      params: published,
      handler: materialUse.loader as Handler,
      file: "materials+/$materialId.use.tsx",
      allowed: ["teacherA"],
    },
    {
      name: "give a material to a class",
      method: "POST",
      path: () => `/materials/${ids.publishedMaterial}/use`,
      params: published,
      handler: materialUse.action as Handler,
      file: "materials+/$materialId.use.tsx",
      body: () => new URLSearchParams({ classId: ids.taughtClass, note: "" }),
      allowed: ["teacherA"],
    },
    {
      name: "report-a-problem page",
      method: "GET",
      path: () => `/materials/${ids.publishedMaterial}/report`,
      params: published,
      handler: materialReport.loader as Handler,
      file: "materials+/$materialId.report.tsx",
      allowed: [...READERS_OF_PUBLISHED, "studentA"],
    },
    {
      name: "report a problem",
      method: "POST",
      path: () => `/materials/${ids.publishedMaterial}/report`,
      params: published,
      handler: materialReport.action as Handler,
      file: "materials+/$materialId.report.tsx",
      body: () => new URLSearchParams({ reason: "broken", message: "Liên kết không mở được." }),
      allowed: [...READERS_OF_PUBLISHED, "studentA"],
    },
    {
      name: "GET /api/v1/repository",
      method: "GET",
      path: () => "/api/v1/repository",
      handler: apiRepository.loader as Handler,
      file: "api+/v1+/repository.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "GET /api/v1/class-materials",
      method: "GET",
      path: () => "/api/v1/class-materials",
      handler: apiClassMaterials.loader as Handler,
      file: "api+/v1+/class-materials.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "class uses API",
      method: "GET",
      path: () => `/api/v1/materials/${ids.publishedMaterial}/class-uses`,
      params: published,
      handler: apiClassUses.loader as Handler,
      file: "api+/v1+/materials+/$materialId.class-uses.ts",
      allowed: READERS_OF_PUBLISHED,
    },
    {
      name: "use in class API",
      method: "POST",
      path: () => `/api/v1/materials/${ids.publishedMaterial}/class-uses`,
      params: published,
      handler: apiClassUses.action as Handler,
      file: "api+/v1+/materials+/$materialId.class-uses.ts",
      json: () => ({ classId: ids.taughtClass }),
      allowed: ["teacherA"],
    },
    {
      // Staff who author in a school copy into it; administrators do not author, students only see their class.
      name: "copy a district item of school B",
      method: "POST",
      path: () => `/api/v1/materials/${ids.siblingMaterial}/copies`,
      params: sibling,
      handler: apiCopies.action as Handler,
      file: "api+/v1+/materials+/$materialId.copies.ts",
      allowed: ["teacherA", "systemAdmin"],
    },
    {
      name: "rate a district item of school B",
      method: "PUT",
      path: () => `/api/v1/materials/${ids.siblingMaterial}/rating`,
      params: sibling,
      handler: apiRating.action as Handler,
      file: "api+/v1+/materials+/$materialId.rating.ts",
      json: () => ({ stars: 4 }),
      allowed: ["teacherA"],
    },
    {
      name: "comments on a district item of school B",
      method: "GET",
      path: () => `/api/v1/materials/${ids.siblingMaterial}/comments`,
      params: sibling,
      handler: apiComments.loader as Handler,
      file: "api+/v1+/materials+/$materialId.comments.ts",
      allowed: ["teacherA"],
    },
    {
      name: "comment on a district item of school B",
      method: "POST",
      path: () => `/api/v1/materials/${ids.siblingMaterial}/comments`,
      params: sibling,
      handler: apiComments.action as Handler,
      file: "api+/v1+/materials+/$materialId.comments.ts",
      json: () => ({ body: "Dùng tốt." }),
      allowed: ["teacherA"],
    },
    {
      name: "report API",
      method: "POST",
      path: () => `/api/v1/materials/${ids.publishedMaterial}/reports`,
      params: published,
      handler: apiReports.action as Handler,
      file: "api+/v1+/materials+/$materialId.reports.ts",
      json: () => ({ reason: "content_error", message: "Ví dụ 2 tính sai kết quả." }),
      allowed: [...READERS_OF_PUBLISHED, "studentA"],
    },
    // Items harvested from other repositories: every signed-in member of staff, wherever they work; never students.
    {
      name: "materials from other repositories",
      method: "GET",
      path: () => "/repository/external",
      handler: externalItems.loader as Handler,
      file: "repository+/external.tsx",
      allowed: STAFF,
    },
    {
      name: "API: external items",
      method: "GET",
      path: () => "/api/v1/external-items",
      handler: apiExternalItems.loader as Handler,
      file: "api+/v1+/external-items+/_index.ts",
      allowed: STAFF,
    },
    {
      name: "API: one external item",
      method: "GET",
      path: () => `/api/v1/external-items/${ids.externalItem}`,
      params: () => ({ itemId: ids.externalItem }),
      handler: apiExternalItem.loader as Handler,
      file: "api+/v1+/external-items+/$itemId.ts",
      allowed: STAFF,
    },
    // One search over the repository, the bank and harvested items: for staff, whatever their organisation.
    {
      name: "search page",
      method: "GET",
      path: () => "/search?q=bai",
      handler: searchPage.loader as Handler,
      file: "search.tsx",
      allowed: STAFF,
    },
    {
      name: "GET /api/v1/search",
      method: "GET",
      path: () => "/api/v1/search?q=bai",
      handler: apiSearch.loader as Handler,
      file: "api+/v1+/search.ts",
      allowed: STAFF,
    },
  ];
}

/** Repository statistics: school A's figures for its staff and the offices above it; the district's for the district only. */
function statisticsRoutes(): RouteCase[] {
  const STAFF_OF_A: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  return [
    {
      name: "statistics of my own organisation",
      method: "GET",
      path: () => "/statistics",
      handler: statistics.loader as Handler,
      file: "statistics+/_index.tsx",
      allowed: ["teacherA", "adminA", "adminB", "districtAdmin", "systemAdmin"],
    },
    {
      name: "statistics of school A",
      method: "GET",
      path: () => `/statistics?organisationId=${ids.schoolA}`,
      handler: statistics.loader as Handler,
      file: "statistics+/_index.tsx",
      allowed: STAFF_OF_A,
    },
    {
      name: "statistics of the district",
      method: "GET",
      path: () => `/statistics?organisationId=${ids.district}`,
      handler: statistics.loader as Handler,
      file: "statistics+/_index.tsx",
      allowed: OFFICES_OVER_A,
    },
    {
      name: "statistics workbook of school A",
      method: "GET",
      path: () => `/statistics/export.xlsx?organisationId=${ids.schoolA}`,
      handler: statisticsExport.loader as Handler,
      file: "statistics+/export[.]xlsx.ts",
      allowed: STAFF_OF_A,
    },
    {
      name: "statistics API for school A",
      method: "GET",
      path: () => `/api/v1/statistics?organisationId=${ids.schoolA}`,
      handler: apiStatistics.loader as Handler,
      file: "api+/v1+/statistics.ts",
      allowed: STAFF_OF_A,
    },
  ];
}

/**
 * The question bank API: questions follow the materials' rules (teacher A's private draft is read by them and the
 * administrators above, edited by them and the system administrator); imports are their author's only.
 */
function questionApiRoutes(): RouteCase[] {
  const READERS_OF_A: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  const AUTHOR: readonly Person[] = ["teacherA", "systemAdmin"];
  const question = () => ({ questionId: ids.apiQuestion });
  const draft = (stem: string) => ({
    subject: "TOAN",
    grade: 10,
    level: "biet",
    stem: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: stem }] }] },
    body: { type: "short_answer", answer: { kind: "numeric", value: "2", tolerance: 0 } },
  });
  return [
    {
      name: "GET /api/v1/questions",
      method: "GET",
      path: () => "/api/v1/questions",
      handler: apiQuestions.loader as Handler,
      file: "api+/v1+/questions+/_index.ts",
      allowed: SIGNED_IN,
    },
    {
      // A new stem each time: the same stem twice in one school is a duplicate (409).
      name: "POST /api/v1/questions",
      method: "POST",
      path: () => "/api/v1/questions",
      handler: apiQuestions.action as Handler,
      file: "api+/v1+/questions+/_index.ts",
      json: () => ({ question: draft(`Câu hỏi mới ${Math.random()}`) }),
      allowed: AUTHOR,
    },
    {
      name: "GET /api/v1/questions/{id}",
      method: "GET",
      path: () => `/api/v1/questions/${ids.apiQuestion}`,
      params: question,
      handler: apiQuestion.loader as Handler,
      file: "api+/v1+/questions+/$questionId.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "PUT /api/v1/questions/{id}",
      method: "PUT",
      path: () => `/api/v1/questions/${ids.apiQuestion}`,
      params: question,
      handler: apiQuestion.action as Handler,
      file: "api+/v1+/questions+/$questionId.ts",
      json: () => ({ question: { ...draft("Câu hỏi API của ma trận quyền"), source: `Sửa ${Math.random()}` } }),
      allowed: AUTHOR,
    },
    {
      // Each person deletes a draft made for their call; administrators may take down what their schools hold.
      name: "DELETE /api/v1/questions/{id} of a draft",
      method: "DELETE",
      path: () => "/api/v1/questions/fresh",
      handler: onFreshQuestion(apiQuestion.action as Handler, { approved: false }),
      file: "api+/v1+/questions+/$questionId.ts",
      allowed: ["teacherA", "adminA", "districtAdmin", "systemAdmin"],
    },
    {
      // A question that was ever approved is not deleted by its author.
      name: "DELETE /api/v1/questions/{id} of an approved question",
      method: "DELETE",
      path: () => "/api/v1/questions/fresh",
      handler: onFreshQuestion(apiQuestion.action as Handler, { approved: true }),
      file: "api+/v1+/questions+/$questionId.ts",
      allowed: ["adminA", "districtAdmin", "systemAdmin"],
    },
    {
      // Answers everyone with counts: what the caller may not edit is counted as refused.
      name: "POST /api/v1/questions/bulk",
      method: "POST",
      path: () => "/api/v1/questions/bulk",
      handler: apiQuestionsBulk.action as Handler,
      file: "api+/v1+/questions+/bulk.ts",
      json: () => ({ action: "set_metadata", ids: [ids.apiQuestion], difficulty: 4 }),
      allowed: SIGNED_IN,
    },
    {
      name: "question export",
      method: "GET",
      path: () => `/api/v1/questions/export?format=gift&ids=${ids.apiQuestion}`,
      handler: apiQuestionsExport.loader as Handler,
      file: "api+/v1+/questions+/export.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "read a question file for import",
      method: "POST",
      path: () => "/api/v1/questions/imports",
      handler: withQuestionFile(apiQuestionImports.action as Handler),
      file: "api+/v1+/questions+/imports._index.ts",
      allowed: ["teacherA"],
    },
    {
      name: "a question file read for import",
      method: "GET",
      path: () => `/api/v1/questions/imports/${ids.questionImport}`,
      params: () => ({ importId: ids.questionImport }),
      handler: apiQuestionImport.loader as Handler,
      file: "api+/v1+/questions+/imports.$importId._index.ts",
      allowed: ["teacherA"],
    },
    {
      name: "confirm a question import",
      method: "POST",
      path: () => `/api/v1/questions/imports/${ids.questionImport}/confirm`,
      params: () => ({ importId: ids.questionImport }),
      handler: apiQuestionImportConfirm.action as Handler,
      file: "api+/v1+/questions+/imports.$importId.confirm.ts",
      json: () => ({ subject: "TOAN", grade: 10, level: "biet" }),
      allowed: ["teacherA"],
    },
  ];
}

/**
 * Tests (bài kiểm tra): teacher A's test is theirs to change and give to the classes they teach; the administrators
 * of school A and the offices above it read it, its results and its essays, but change nothing; nobody else sees it.
 * Changes to an unassigned test run on one made for each call (two people changing one test at once would conflict).
 */
function testRoutes(): RouteCase[] {
  const READERS_OF_A: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  const AUTHOR: readonly Person[] = ["teacherA", "systemAdmin"];
  const test = () => ({ assessmentId: ids.test });
  const assignment = () => ({ assignmentId: ids.assignment });
  const submittedAssignment = () => ({ assignmentId: ids.submittedAssignment });
  return [
    {
      // Lists what the person may read: empty for a student, but no error.
      name: "my tests (teachers)",
      method: "GET",
      path: () => "/assessments",
      handler: tests.loader as Handler,
      file: "assessments+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      // Like the new material and new question pages: only those who may create one.
      name: "new test page",
      method: "GET",
      path: () => "/assessments/new?subject=TOAN&grade=10",
      handler: newTest.loader as Handler,
      file: "assessments+/new.tsx",
      allowed: AUTHOR,
    },
    {
      name: "create a test",
      method: "POST",
      path: () => "/assessments/new",
      handler: newTest.action as Handler,
      file: "assessments+/new.tsx",
      body: () =>
        new URLSearchParams({ title: "Kiểm tra 15 phút", subject: "TOAN", grade: "10", purpose: "regular", rounding: "none" }),
      allowed: AUTHOR,
    },
    {
      name: "test page",
      method: "GET",
      path: () => `/assessments/${ids.test}`,
      params: test,
      handler: testPage.loader as Handler,
      file: "assessments+/$assessmentId._index.tsx",
      allowed: READERS_OF_A,
    },
    {
      name: "save a test's blueprint",
      method: "POST",
      path: () => "/assessments/fresh",
      handler: onFreshTest(testPage.action as Handler, { blueprint: true }),
      file: "assessments+/$assessmentId._index.tsx",
      body: () =>
        new URLSearchParams([
          ["intent", "blueprint"],
          ["c.0.short_answer.biet", "2"],
          ["p.short_answer", "5"],
        ]),
      allowed: AUTHOR,
    },
    {
      name: "generate a test's versions",
      method: "POST",
      path: () => "/assessments/fresh",
      handler: onFreshTest(testPage.action as Handler),
      file: "assessments+/$assessmentId._index.tsx",
      body: () => new URLSearchParams({ intent: "generate", versions: "2", firstCode: "201" }),
      allowed: AUTHOR,
    },
    {
      name: "remove an item from a test",
      method: "POST",
      path: () => "/assessments/fresh",
      handler: onFreshTest(testPage.action as Handler),
      file: "assessments+/$assessmentId._index.tsx",
      body: () => new URLSearchParams({ intent: "remove-item", itemKey: "i1" }),
      allowed: AUTHOR,
    },
    {
      // Only to a class the person teaches this year: the system administrator teaches none (403).
      name: "give a test to a class",
      method: "POST",
      path: () => `/assessments/${ids.test}`,
      params: test,
      handler: testPage.action as Handler,
      file: "assessments+/$assessmentId._index.tsx",
      body: () =>
        new URLSearchParams({
          intent: "assign",
          classId: ids.taughtClass,
          opensAt: vietnamClock(Date.now() - HOUR),
          closesAt: vietnamClock(Date.now() + 2 * HOUR),
          timeLimitMinutes: "45",
          maxAttempts: "1",
          showResults: "after_close",
        }),
      allowed: ["teacherA"],
    },
    {
      // The versions with their answer keys: readers of the test get them.
      name: "print a test with its answer keys",
      method: "GET",
      path: () => `/assessments/${ids.test}/print?answers=1`,
      params: test,
      handler: testPrint.loader as Handler,
      file: "assessments+/$assessmentId.print.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "the key correction page",
      method: "GET",
      path: () => `/assessments/${ids.test}/key/i1`,
      params: () => ({ assessmentId: ids.test, itemKey: "i1" }),
      handler: testKey.loader as Handler,
      file: "assessments+/$assessmentId.key.$itemKey.tsx",
      allowed: AUTHOR,
    },
    {
      // The same key again: a valid correction that changes no score.
      name: "correct a key and regrade",
      method: "POST",
      path: () => `/assessments/${ids.test}/key/i1`,
      params: () => ({ assessmentId: ids.test, itemKey: "i1" }),
      // Two corrections at the same instant: the second is told the test just changed (409); not a permission case.
      handler: oneAtATime(testKey.action as Handler),
      file: "assessments+/$assessmentId.key.$itemKey.tsx",
      body: () => new URLSearchParams({ value: "2", reason: "Kiểm tra quyền" }),
      allowed: AUTHOR,
    },
    {
      name: "correct a key API",
      method: "PUT",
      path: () => `/api/v1/assessments/${ids.test}/items/i1/key`,
      params: () => ({ assessmentId: ids.test, itemKey: "i1" }),
      handler: oneAtATime(apiTestKey.action as Handler),
      file: "api+/v1+/assessments+/$assessmentId.items.$itemKey.key.ts",
      json: () => ({
        body: { type: "short_answer", answer: { kind: "numeric", value: "2", tolerance: 0 } },
        reason: "Kiểm tra quyền",
      }),
      allowed: AUTHOR,
    },
    {
      // The teacher's review of a student's answers; the student sees their result page instead.
      name: "a student's attempt reviewed by the teacher",
      method: "GET",
      path: () => `/assessments/attempts/${ids.submittedAttempt}`,
      params: () => ({ attemptId: ids.submittedAttempt }),
      handler: attemptReviewPage.loader as Handler,
      file: "assessments+/attempts.$attemptId.tsx",
      allowed: READERS_OF_A,
    },
    {
      name: "a class's results",
      method: "GET",
      path: () => `/assessments/results/${ids.submittedAssignment}`,
      params: submittedAssignment,
      handler: classResultsPage.loader as Handler,
      file: "assessments+/results.$assignmentId.tsx",
      allowed: READERS_OF_A,
    },
    {
      // Writes the item statistics into the question bank (its questions' figures): a change, not for those who only
      // read the test.
      name: "record a class's item statistics",
      method: "POST",
      path: () => `/assessments/results/${ids.submittedAssignment}`,
      params: submittedAssignment,
      handler: classResultsPage.action as Handler,
      file: "assessments+/results.$assignmentId.tsx",
      body: () => new URLSearchParams(),
      allowed: AUTHOR,
    },
    {
      name: "a class's results workbook",
      method: "GET",
      path: () => `/assessments/results/${ids.submittedAssignment}.xlsx`,
      params: submittedAssignment,
      handler: classResultsWorkbook.loader as Handler,
      file: "assessments+/results.$assignmentId[.]xlsx.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "essays to grade",
      method: "GET",
      path: () => `/assessments/grading/${ids.submittedAssignment}`,
      params: submittedAssignment,
      handler: gradingPage.loader as Handler,
      file: "assessments+/grading.$assignmentId.tsx",
      allowed: READERS_OF_A,
    },
    {
      // Only the test's author marks essays.
      name: "grade an essay",
      method: "POST",
      path: () => `/assessments/grading/${ids.submittedAssignment}`,
      params: submittedAssignment,
      handler: refusalInBodyAsDenied(gradingPage.action as Handler),
      file: "assessments+/grading.$assignmentId.tsx",
      body: () => new URLSearchParams({ attemptId: ids.submittedAttempt, itemKey: "i2", points: "4,5", comment: "Tốt." }),
      allowed: ["teacherA"],
    },
    {
      // "Add to a test" on a question page: an approved question of theirs into a test of teacher A's, both new.
      name: "add a question to a test",
      method: "POST",
      path: () => "/questions/fresh",
      handler: addingToFreshTest(questionPage.action as Handler),
      file: "questions+/$questionId._index.tsx",
      allowed: AUTHOR,
    },
    {
      name: "GET /api/v1/assessments",
      method: "GET",
      path: () => "/api/v1/assessments",
      handler: apiTests.loader as Handler,
      file: "api+/v1+/assessments+/_index.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "POST /api/v1/assessments",
      method: "POST",
      path: () => "/api/v1/assessments",
      handler: apiTests.action as Handler,
      file: "api+/v1+/assessments+/_index.ts",
      json: () => ({ title: "Kiểm tra giữa kì", subject: "TOAN", grade: 10 }),
      allowed: AUTHOR,
    },
    {
      name: "GET /api/v1/assessments/{id}",
      method: "GET",
      path: () => `/api/v1/assessments/${ids.test}`,
      params: test,
      handler: apiTest.loader as Handler,
      file: "api+/v1+/assessments+/$assessmentId._index.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "DELETE /api/v1/assessments/{id}",
      method: "DELETE",
      path: () => "/api/v1/assessments/fresh",
      handler: onFreshTest(apiTest.action as Handler),
      file: "api+/v1+/assessments+/$assessmentId._index.ts",
      allowed: AUTHOR,
    },
    {
      name: "generate versions API",
      method: "POST",
      path: () => "/api/v1/assessments/fresh/versions",
      handler: onFreshTest(apiTestVersions.action as Handler),
      file: "api+/v1+/assessments+/$assessmentId.versions.ts",
      json: () => ({ versions: 2, firstCode: 301 }),
      allowed: AUTHOR,
    },
    {
      name: "add item API",
      method: "POST",
      path: () => "/api/v1/assessments/fresh/items",
      handler: onFreshTest(apiTestItems.action as Handler),
      file: "api+/v1+/assessments+/$assessmentId.items.ts",
      json: () => ({ questionId: ids.essayQuestion, points: 2 }),
      allowed: AUTHOR,
    },
    {
      name: "a test's assignments API",
      method: "GET",
      path: () => `/api/v1/assessments/${ids.test}/assignments`,
      params: test,
      handler: apiTestAssignments.loader as Handler,
      file: "api+/v1+/assessments+/$assessmentId.assignments.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "assign API",
      method: "POST",
      path: () => `/api/v1/assessments/${ids.test}/assignments`,
      params: test,
      handler: apiTestAssignments.action as Handler,
      file: "api+/v1+/assessments+/$assessmentId.assignments.ts",
      json: () => ({
        classId: ids.taughtClass,
        opensAt: new Date(Date.now() - HOUR).toISOString(),
        closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
        timeLimitMinutes: 45,
        showResults: "never",
      }),
      allowed: ["teacherA"],
    },
    {
      name: "a class's results API",
      method: "GET",
      path: () => `/api/v1/assignments/${ids.assignment}/results`,
      params: assignment,
      handler: apiAssignmentResults.loader as Handler,
      file: "api+/v1+/assignments.$assignmentId.results.ts",
      allowed: READERS_OF_A,
    },
    {
      name: "POST /api/v1/grades",
      method: "POST",
      path: () => "/api/v1/grades",
      handler: apiGrades.action as Handler,
      file: "api+/v1+/grades.ts",
      json: () => ({ attemptId: ids.submittedAttempt, itemKey: "i2", points: 4, comment: "Khá." }),
      allowed: ["teacherA"],
    },
  ];
}

/**
 * Taking tests: a student reaches the tests given to their classes and answers only their own attempt; the test's
 * teacher and the administrators above the school read a submitted attempt's result, which its student sees only
 * when the assignment's policy allows it (here: never).
 */
function attemptRoutes(): RouteCase[] {
  const READERS_OF_A: readonly Person[] = ["teacherA", "adminA", "districtAdmin", "systemAdmin"];
  const assignment = () => ({ assignmentId: ids.assignment });
  const attempt = () => ({ attemptId: ids.attempt });
  // Increasing for every call, so that each of student A's saves is a new answer, not a replay.
  let seq = 100;
  return [
    {
      // The tests given to the person's classes: none for staff, but no error.
      name: "my tests (students)",
      method: "GET",
      path: () => "/tests",
      handler: myTests.loader as Handler,
      file: "tests+/_index.tsx",
      allowed: SIGNED_IN,
    },
    {
      name: "a test given to my class",
      method: "GET",
      path: () => `/tests/${ids.assignment}`,
      params: assignment,
      handler: myTest.loader as Handler,
      file: "tests+/$assignmentId.tsx",
      allowed: ["studentA"],
    },
    {
      // Student A's attempt is in progress: starting again resumes it.
      name: "start a test",
      method: "POST",
      path: () => `/tests/${ids.assignment}`,
      params: assignment,
      handler: myTest.action as Handler,
      file: "tests+/$assignmentId.tsx",
      body: () => new URLSearchParams({ accessCode: "" }),
      allowed: ["studentA"],
    },
    {
      // Only its student answers an attempt: not even the test's teacher opens the quiz page.
      name: "quiz page",
      method: "GET",
      path: () => `/attempts/${ids.attempt}`,
      params: attempt,
      handler: attemptPage.loader as Handler,
      file: "attempts+/$attemptId._index.tsx",
      allowed: ["studentA"],
    },
    {
      name: "save answers without JavaScript",
      method: "POST",
      path: () => `/attempts/${ids.attempt}`,
      params: attempt,
      handler: attemptPage.action as Handler,
      file: "attempts+/$attemptId._index.tsx",
      body: () => new URLSearchParams({ "r.i1": "2" }),
      allowed: ["studentA"],
    },
    {
      // Results never shown to students: student A still gets the page, saying the result is not released.
      name: "result page of a submitted attempt",
      method: "GET",
      path: () => `/attempts/${ids.submittedAttempt}/result`,
      params: () => ({ attemptId: ids.submittedAttempt }),
      handler: attemptResultPage.loader as Handler,
      file: "attempts+/$attemptId.result.tsx",
      allowed: ["studentA", ...READERS_OF_A],
    },
    {
      name: "GET /api/v1/assignments",
      method: "GET",
      path: () => "/api/v1/assignments",
      handler: apiAssignments.loader as Handler,
      file: "api+/v1+/assignments._index.ts",
      allowed: SIGNED_IN,
    },
    {
      name: "start an attempt API",
      method: "POST",
      path: () => `/api/v1/assignments/${ids.assignment}/attempts`,
      params: assignment,
      handler: apiAssignmentAttempts.action as Handler,
      file: "api+/v1+/assignments.$assignmentId.attempts.ts",
      json: () => ({ accessCode: "" }),
      allowed: ["studentA"],
    },
    {
      name: "GET /api/v1/attempts/{id}",
      method: "GET",
      path: () => `/api/v1/attempts/${ids.attempt}`,
      params: attempt,
      handler: apiAttempt.loader as Handler,
      file: "api+/v1+/attempts+/$attemptId._index.ts",
      allowed: ["studentA"],
    },
    {
      name: "save an answer API",
      method: "PUT",
      path: () => `/api/v1/attempts/${ids.attempt}/responses/i1`,
      params: () => ({ attemptId: ids.attempt, itemKey: "i1" }),
      handler: apiAttemptResponse.action as Handler,
      file: "api+/v1+/attempts+/$attemptId.responses.$itemKey.ts",
      json: () => ({ seq: ++seq, response: { type: "short_answer", text: "2" } }),
      allowed: ["studentA"],
    },
    {
      name: "integrity events API",
      method: "POST",
      path: () => `/api/v1/attempts/${ids.attempt}/events`,
      params: attempt,
      handler: apiAttemptEvents.action as Handler,
      file: "api+/v1+/attempts+/$attemptId.events.ts",
      json: () => ({ events: [{ type: "tab_hidden", detail: "" }] }),
      allowed: ["studentA"],
    },
    {
      // Only its student sends photos of an essay: the readers of the attempt are refused (404) like anyone else.
      name: "send an essay photo API",
      method: "POST",
      path: () => `/api/v1/attempts/${ids.attempt}/responses/i2/photos`,
      params: () => ({ attemptId: ids.attempt, itemKey: "i2" }),
      handler: apiAttemptPhotos.action as Handler,
      file: "api+/v1+/attempts+/$attemptId.responses.$itemKey.photos.ts",
      form: () => photoForm(),
      allowed: ["studentA"],
    },
    {
      // Whoever may read the attempt is sent to the photo's bytes in storage; the rest get 404.
      name: "open an essay photo API",
      method: "GET",
      path: () => `/api/v1/attempts/${ids.attempt}/photos/${ids.essayPhoto}`,
      params: () => ({ attemptId: ids.attempt, photoId: ids.essayPhoto }),
      handler: redirectingToPhoto(apiAttemptPhoto.loader as Handler),
      file: "api+/v1+/attempts+/$attemptId.photos.$photoId.ts",
      allowed: ["studentA", ...READERS_OF_A],
    },
    {
      // Each person tries to submit an attempt of student A's in progress, started for the call.
      name: "submit an attempt API",
      method: "POST",
      path: () => "/api/v1/attempts/fresh/submit",
      handler: onFreshAttempt(apiAttemptSubmit.action as Handler),
      file: "api+/v1+/attempts+/$attemptId.submit.ts",
      allowed: ["studentA"],
    },
    {
      // Results never shown: the student is refused (403), the test's teacher and administrators above read it.
      name: "attempt result API",
      method: "GET",
      path: () => `/api/v1/attempts/${ids.submittedAttempt}/result`,
      params: () => ({ attemptId: ids.submittedAttempt }),
      handler: apiAttemptResult.loader as Handler,
      file: "api+/v1+/attempts+/$attemptId.result.ts",
      allowed: READERS_OF_A,
    },
  ];
}

const HOUR = 60 * 60 * 1000;

/** A `datetime-local` form value in Vietnam's time (the test page reads its fields as UTC+7). */
function vietnamClock(epochMilliseconds: number) {
  return new Date(epochMilliseconds + 7 * HOUR).toISOString().slice(0, 16);
}

/** Runs `handler` on an unassigned test of teacher A made for this call alone (item i1; a blueprint if asked). */
function onFreshTest(handler: Handler, options: { blueprint?: boolean } = {}): Handler {
  return async (args) => handler({ ...args, params: { assessmentId: await seedDraftTest(options) } });
}

/** Posts "add to a test" for a new approved question of teacher A and a new test of theirs. */
function addingToFreshTest(handler: Handler): Handler {
  return async (args) => {
    const [questionId, assessmentId] = await Promise.all([seedQuestion({ approved: true }), seedDraftTest({ items: false })]);
    const body = new URLSearchParams({ intent: "add-to-test", assessmentId, points: "1" });
    const request = new Request(args.request.url, { method: "POST", headers: args.request.headers, body });
    return handler({ ...args, request, params: { questionId } });
  };
}

/** Runs `handler` on an attempt of student A's, in progress, at a test given to the class for this call alone. */
function onFreshAttempt(handler: Handler): Handler {
  return async (args) => handler({ ...args, params: { attemptId: await seedAttempt("never") } });
}

/**
 * The grading form answers 200 either way and shows a refusal next to the answer: "not found" counts as denied here,
 * any other refusal fails the case.
 */
function refusalInBodyAsDenied(handler: Handler): Handler {
  return async (args) => {
    const result = (await handler(args)) as { error?: string | null } | Response;
    if (result instanceof Response || !result.error) return result;
    if (result.error === "Không tìm thấy bài làm.") return new Response(result.error, { status: 404 });
    throw new Error(`grading refused: ${result.error}`);
  };
}

/** Lets one call at a time through `handler`, for a change that two people racing on one record turn into a 409. */
function oneAtATime(handler: Handler): Handler {
  let previous: Promise<unknown> = Promise.resolve();
  return (args) => {
    const result = previous.then(() => handler(args));
    previous = result.catch(() => undefined);
    return result;
  };
}

/** Runs `handler` on a question of teacher A made for this call alone, so that each person's delete has its own. */
function onFreshQuestion(handler: Handler, options: { approved: boolean }): Handler {
  return async (args) => handler({ ...args, params: { questionId: await seedQuestion(options) } });
}

/** Sends a small GIFT file as the multipart form an import posts (the matrix's own bodies are URL-encoded or JSON). */
function withQuestionFile(handler: Handler): Handler {
  return (args) => {
    const form = new FormData();
    form.set("format", "gift");
    form.set("file", new File(["::Thủ đô::Thủ đô của Việt Nam là thành phố nào? {=Hà Nội}"], "cau-hoi.gift.txt"));
    return handler({
      ...args,
      request: new Request(args.request.url, { method: "POST", headers: args.request.headers, body: form }),
    });
  };
}

/** An essay photo: a phone's, 64 × 48. */
const JPEG = await cameraJpeg(64, 48);

/** An essay photo as the quiz page sends it. */
function photoForm() {
  const form = new FormData();
  form.set("photo", new File([JPEG as Uint8Array<ArrayBuffer>], "IMG_0001.jpg", { type: "image/jpeg" }));
  return form;
}

/**
 * The photo route answers a reader with a redirect, which `outcomeOf` would count as allowed wherever it led: here
 * it counts only if its address gives the photo's bytes (the sign-in page or anything else fails the case).
 */
function redirectingToPhoto(handler: Handler): Handler {
  return async (args) => {
    const result = await handler(args);
    if (!(result instanceof Response) || result.status < 300 || result.status >= 400) return result;
    const location = result.headers.get("location") ?? "";
    const stored = location.startsWith("http") ? await fetch(location) : null;
    const bytes = stored?.ok ? new Uint8Array(await stored.arrayBuffer()) : null;
    const photo = bytes && (await describeImage(bytes).catch(() => null));
    if (photo?.format !== "jpeg" || photo.width !== 64 || photo.height !== 48)
      throw new Error(`the photo's redirect (${result.status} to "${location}") does not give the photo`);
    return result;
  };
}

function outcomeOf(result: unknown): Outcome {
  if (!(result instanceof Response)) return "allow";
  if (result.status === 401) return "login";
  if (result.status === 403 || result.status === 404) return "deny";
  if (result.status >= 300 && result.status < 400)
    return result.headers.get("location")?.startsWith("/login") ? "login" : "allow";
  if (result.status < 300) return "allow";
  throw new Error(`unexpected status ${result.status}`);
}

async function call(route: RouteCase, who: Person): Promise<Outcome> {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "10.9.9.9", origin: ORIGIN });
  const cookie = cookies.get(who);
  if (cookie) headers.set("cookie", cookie);
  if (route.json) headers.set("content-type", "application/json");
  const body = route.json ? JSON.stringify(route.json()) : (route.form?.() ?? route.body?.());
  const request = new Request(`${ORIGIN}${route.path()}`, { method: route.method, headers, body });
  let result: unknown;
  try {
    result = await route.handler({ request, params: route.params?.() ?? {}, context: {} });
  } catch (thrown) {
    // A thrown Response is an answer (a redirect, a 404); anything else is a failure, never "allowed".
    if (!(thrown instanceof Response)) throw thrown;
    result = thrown;
  }
  return outcomeOf(result);
}

beforeAll(async () => {
  await upsertOrganisation({ code: "BGDDT", name: "Bộ", type: "national" });
  await upsertOrganisation({ code: "SGD-M", name: "Sở", type: "province", parentCode: "BGDDT" });
  await upsertOrganisation({ code: "PGD-M", name: "Phòng", type: "district", parentCode: "SGD-M" });
  await upsertOrganisation({ code: "TRUONG-MA", name: "Trường A", type: "school", parentCode: "PGD-M" });
  await upsertOrganisation({ code: "TRUONG-MB", name: "Trường B", type: "school", parentCode: "PGD-M" });
  const accounts: Record<
    Exclude<Person, "anonymous">,
    [string, string, "student" | "teacher" | "org_admin" | "system_admin", string]
  > = {
    studentA: ["m.hs.a", "TRUONG-MA", "student", "TRUONG-MA"],
    teacherA: ["m.gv.a", "TRUONG-MA", "teacher", "TRUONG-MA"],
    adminA: ["m.admin.a", "TRUONG-MA", "org_admin", "TRUONG-MA"],
    adminB: ["m.admin.b", "TRUONG-MB", "org_admin", "TRUONG-MB"],
    districtAdmin: ["m.admin.pgd", "PGD-M", "org_admin", "PGD-M"],
    systemAdmin: ["m.quantri", "BGDDT", "system_admin", "BGDDT"],
  };
  for (const [who, [username, home, role, scope]] of Object.entries(accounts)) {
    const id = await upsertUser({
      username,
      fullName: username,
      organisationCode: home,
      roles: [{ role, organisationCode: scope }],
      initialPassword: "m".repeat(12),
      mustChangePassword: false,
    });
    if (role === "org_admin" || role === "system_admin") await setTwoFactorKey(id, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP");
    const setCookie = await createSession(id, new Request(ORIGIN, { headers: { [CLIENT_ADDRESS_HEADER]: "10.9.9.9" } }));
    cookies.set(who as Person, setCookie.split(";")[0]!);
    if (who === "studentA") ids.studentA = String(id);
  }
  const schoolA = await organisationByCode("TRUONG-MA");
  ids.schoolA = String(schoolA.id);
  ids.district = String((await organisationByCode("PGD-M")).id);
  const adminA = await User.findOne({ username: "m.admin.a" }).lean();
  const rows = await readRosterFile("lop.xlsx", await rosterWorkbook(fortyStudentRoster({ mistakes: false })));
  const preview = await previewRosterImport({
    school: schoolA,
    schoolYear: currentSchoolYear(),
    fileName: "lop.xlsx",
    rows,
    createdBy: String(adminA!._id),
  });
  ids.importA = String(preview.importId);
  await applyRosterImport({ importId: ids.importA, actorId: String(adminA!._id), ipAddress: "x" });
  await importSubjects(GDPT_2018_SUBJECTS);
  await importTopicList([{ subjectCode: "TOAN", grade: 10, order: 1, name: "Mệnh đề và tập hợp", outcomes: [] }]);
  ids.topic = (await listTopics("TOAN", 10))[0]!.id;
  const group = await saveSubjectGroup(schoolA, {
    schoolId: ids.schoolA,
    name: "Tổ Toán – Tin",
    subjectCodes: ["TOAN"],
    memberIds: [],
  });
  if (group.ok) ids.groupA = group.groupId;
  ids.otherStudentA = String((await User.findOne({ username: "hs0001" }).lean())!._id);
  ids.classA = String((await SchoolClass.findOne({ schoolId: schoolA.id, name: "6A1" }).lean())!._id);
  await seedMaterials(schoolA.id);
  await seedQuestions(schoolA.id);
  await seedTests();
});

async function seedMaterials(schoolId: Types.ObjectId) {
  await ensureBucket();
  const teacher = await User.findOne({ username: "m.gv.a" }).lean();
  const school = await organisationByCode("TRUONG-MA");
  const base = {
    ownerOrganisationId: schoolId,
    organisationPath: school.path,
    createdBy: teacher!._id,
    title: "Bài 1",
    subjectCode: "TOAN",
    grades: [10],
  };
  const version = { number: 1, title: "Bài 1", subjectCode: "TOAN", grades: [10], createdBy: teacher!._id };
  const h5pPrefix = `orgs/${String(schoolId)}/materials/h5p-test/v1/derived/h5p`;
  await putObject(`${h5pPrefix}/h5p.json`, JSON.stringify({ title: "Bài 1" }), "application/json");
  const materialDocuments: Record<string, unknown>[] = [
    { ...base, kind: "link", versions: [{ ...version, url: "https://example.org/bai-1" }] },
    {
      ...base,
      kind: "simulation",
      versions: [
        {
          ...version,
          file: {
            uploadId: teacher!._id,
            key: "orgs/x/uploads/y/bai.h5p",
            name: "bai.h5p",
            size: 10,
            mimeType: "application/zip",
            extension: "h5p",
          },
          derived: [{ role: "h5p", key: h5pPrefix, mimeType: "application/vnd.h5p" }],
          processing: { state: "done" },
        },
      ],
    },
  ];
  const [link, h5p] = await Material.create(materialDocuments);
  const stem = { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Câu hỏi của ma trận quyền" }] }] };
  const questionBody = { type: "short_answer", answer: { kind: "numeric", value: "2", tolerance: 0 } };
  const question = await Question.create({
    ownerOrganisationId: schoolId,
    organisationPath: school.path,
    createdBy: teacher!._id,
    type: "short_answer",
    subjectCode: "TOAN",
    grade: 10,
    level: "biet",
    stemText: "Câu hỏi của ma trận quyền",
    stemKey: "authorization-matrix",
    versions: [
      {
        number: 1,
        type: "short_answer",
        stem,
        body: questionBody,
        subjectCode: "TOAN",
        grade: 10,
        level: "biet",
        createdBy: teacher!._id,
      },
    ],
  });
  ids.questionPageItem = String(question._id);
  ids.linkMaterial = String(link!._id);
  ids.h5pMaterial = String(h5p!._id);
  await seedPublishedMaterials(base, version);
  const upload = (state: string, purpose = "document") => ({
    organisationId: schoolId,
    createdBy: teacher!._id,
    purpose,
    fileName: "bai.pdf",
    declaredSize: 1000,
    key: `orgs/${String(schoolId)}/uploads/${state}/bai.pdf`,
    s3UploadId: "none",
    state,
  });
  const openKey = `orgs/${String(schoolId)}/uploads/open/bai.pdf`;
  const uploadDocuments: Record<string, unknown>[] = [
    { ...upload("uploading"), key: openKey, s3UploadId: await startMultipartUpload(openKey, "application/pdf") },
    { ...upload("completed"), size: 1000, mimeType: "application/pdf", extension: "pdf" },
    { ...upload("attached", "lecture_image"), mimeType: "image/png", extension: "png" },
  ];
  const [open, completed, image] = await Upload.create(uploadDocuments);
  ids.openUpload = String(open!._id);
  ids.completedUpload = String(completed!._id);
  ids.lectureImage = String(image!._id);
}

/** Routes anyone may use, and why they are not in the matrix. */
const PUBLIC_ROUTES = [
  "$.tsx", // 404 page
  "_index.tsx", // home: the public curriculum catalogue
  "healthz.ts",
  "language.ts", // sets the language cookie
  "login.tsx",
  "login_.two-factor.tsx", // second sign-in step, reachable only with the sealed pending cookie
  "logout.ts", // ends the caller's own session; tested end to end
  "api+/v1+/$.ts", // 404 problem
  "api+/v1+/openapi[.]json.ts",
  "api+/v1+/subjects.ts", // public curriculum catalogue
  "api+/v1+/curriculum+/topics.ts", // public curriculum catalogue
  "vendor.h5p.$.ts", // the H5P player's own static files
  // OAI-PMH for harvesters: only live province/national-scope materials, never anything narrower
  // (tests/integration/oai-pmh.test.ts proves private, school and district items never appear).
  "oai.ts",
  // The sandboxed H5P player has an opaque origin and no cookies: a signed, expiring token issued on the
  // material page (to readers only, see "material page" above) authorises it (tests/integration/h5p-sandbox.test.ts).
  "h5p.$token.play.ts",
  "h5p.$token.content.$.ts",
];

function routeFiles(dir = path.resolve("app/routes"), prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return routeFiles(path.join(dir, entry.name), `${prefix}${entry.name}/`);
    const privateModule = entry.name.startsWith("__") || entry.name.includes(".test.");
    return privateModule ? [] : [`${prefix}${entry.name}`];
  });
}

describe("authorization matrix", () => {
  it("covers every route module: each is in the matrix or listed as public", () => {
    const covered = new Set([...ROUTES.map((route) => route.file), ...PUBLIC_ROUTES]);
    expect(routeFiles().filter((file) => !covered.has(file))).toEqual([]);
  });

  for (const route of ROUTES) {
    it(`${route.method} ${route.name}`, async () => {
      // Every call runs to its end before a failure is reported, so none spills into the next case.
      const settled = await Promise.allSettled(PEOPLE.map((who) => call(route, who)));
      const outcomes = Object.fromEntries(
        settled.map((result, index) => {
          if (result.status === "rejected") throw result.reason;
          return [PEOPLE[index], result.value] as const;
        }),
      );
      const expected = Object.fromEntries(
        PEOPLE.map((who) => [who, who === "anonymous" ? "login" : route.allowed.includes(who) ? "allow" : "deny"]),
      );
      expect(outcomes).toEqual(expected);
    });
  }

  it("refuses a cookie-authenticated form post from another site", async () => {
    const request = new Request(`${ORIGIN}/admin/people/${ids.studentA}`, {
      method: "POST",
      headers: { cookie: cookies.get("adminA")!, origin: "https://evil.example", [CLIENT_ADDRESS_HEADER]: "10.9.9.9" },
    });
    await expect(
      Promise.resolve(person.action({ request, params: { userId: ids.studentA }, context: {} })),
    ).rejects.toMatchObject({ status: 403 });
  });

  it("shows each administrator only the security events of their own organisations", async () => {
    const adminB = await User.findOne({ username: "m.admin.b" }).lean();
    const actor = {
      id: String(adminB!._id),
      username: "m.admin.b",
      fullName: "",
      email: null,
      organisationId: String(adminB!.organisationId),
      organisationPath: adminB!.organisationPath.map(String),
      roles: adminB!.roles.map((binding) => ({
        role: binding.role as "org_admin",
        organisationId: String(binding.organisationId),
        organisationPath: binding.organisationPath.map(String),
      })),
      mustChangePassword: false,
      twoFactorEnabled: true,
      sessionId: "",
    };
    const events = await listAuditEvents(actor, {});
    expect(events.some((event) => event.action === "roster.imported" || event.action === "personal_data.read")).toBe(false);
  });
});

/** One request of `who` through a route's handler, answered by a Response (returned or thrown). */
async function send(
  who: Person,
  method: RouteCase["method"],
  url: string,
  handler: Handler,
  params: Record<string, string>,
  /** Sent as JSON, or a multipart form as it is. */
  json?: unknown,
): Promise<Response> {
  const headers = new Headers({ [CLIENT_ADDRESS_HEADER]: "10.9.9.9", origin: ORIGIN, cookie: cookies.get(who) ?? "" });
  const form = json instanceof FormData;
  if (json !== undefined && !form) headers.set("content-type", "application/json");
  const request = new Request(`${ORIGIN}${url}`, {
    method,
    headers,
    body: json === undefined ? undefined : form ? json : JSON.stringify(json),
  });
  let result: unknown;
  try {
    result = await handler({ request, params, context: {} });
  } catch (thrown) {
    result = thrown;
  }
  if (result instanceof Response) return result;
  throw new Error(`${method} ${url} answered without a Response: ${String(result)}`);
}

const attemptApi = {
  read: (who: Person, attemptId: string) =>
    send(who, "GET", `/api/v1/attempts/${attemptId}`, apiAttempt.loader as Handler, { attemptId }),
  save: (who: Person, attemptId: string, seq: number, text: string) =>
    send(
      who,
      "PUT",
      `/api/v1/attempts/${attemptId}/responses/i1`,
      apiAttemptResponse.action as Handler,
      { attemptId, itemKey: "i1" },
      { seq, response: { type: "short_answer", text } },
    ),
  submit: (who: Person, attemptId: string) =>
    send(who, "POST", `/api/v1/attempts/${attemptId}/submit`, apiAttemptSubmit.action as Handler, { attemptId }),
  result: (who: Person, attemptId: string) =>
    send(who, "GET", `/api/v1/attempts/${attemptId}/result`, apiAttemptResult.loader as Handler, { attemptId }),
  sendPhoto: (who: Person, attemptId: string) =>
    send(
      who,
      "POST",
      `/api/v1/attempts/${attemptId}/responses/i2/photos`,
      apiAttemptPhotos.action as Handler,
      { attemptId, itemKey: "i2" },
      photoForm(),
    ),
  openPhoto: (who: Person, attemptId: string, photoId: string) =>
    send(who, "GET", `/api/v1/attempts/${attemptId}/photos/${photoId}`, apiAttemptPhoto.loader as Handler, {
      attemptId,
      photoId,
    }),
};

/** What the database holds for item i1: saved on its own while the attempt is in progress, in the attempt after. */
async function storedAttempt(attemptId: string) {
  const attempt = (await Attempt.findById(attemptId).lean<AttemptDoc>())!;
  const responses = attempt.responses as Record<string, { seq: number; response: { type: string; text?: string } }>;
  const saved = await AttemptAnswer.findById(attemptAnswerId(attemptId, "i1")).lean();
  return { status: attempt.status, i1: (attempt.status === "in_progress" && saved) || responses.i1 };
}

describe("attempts: what students may not do", () => {
  it("a student neither reads, answers nor submits another student's attempt", async () => {
    expect((await attemptApi.read("studentA", ids.otherAttempt)).status).toBe(404);
    expect((await attemptApi.save("studentA", ids.otherAttempt, 50, "2")).status).toBe(404);
    expect((await attemptApi.submit("studentA", ids.otherAttempt)).status).toBe(404);
    expect((await attemptApi.result("studentA", ids.otherAttempt)).status).toBe(404);
    const page = await send("studentA", "GET", `/attempts/${ids.otherAttempt}`, attemptPage.loader as Handler, {
      attemptId: ids.otherAttempt,
    });
    expect(page.status).toBe(404);
    expect(await storedAttempt(ids.otherAttempt)).toMatchObject({
      status: "in_progress",
      i1: { seq: 1, response: { type: "short_answer", text: "7" } },
    });
  });

  it("a student neither sends nor opens photos of another student's attempt", async () => {
    expect((await attemptApi.sendPhoto("studentA", ids.otherAttempt)).status).toBe(404);
    expect((await attemptApi.openPhoto("studentA", ids.otherAttempt, ids.otherEssayPhoto)).status).toBe(404);
    // Nor through their own attempt: a photo is found only under the attempt it was sent for.
    expect((await attemptApi.openPhoto("studentA", ids.attempt, ids.otherEssayPhoto)).status).toBe(404);
    expect(await AttemptPhoto.countDocuments({ attemptId: ids.otherAttempt })).toBe(1);
    expect((await attemptApi.openPhoto("teacherA", ids.otherAttempt, ids.otherEssayPhoto)).status).toBe(302);
  });

  it("after submitting, a save is refused and the answer held stays", async () => {
    const attemptId = await seedAttempt("never");
    expect((await attemptApi.save("studentA", attemptId, 1, "2")).status).toBe(200);
    const submitted = await attemptApi.submit("studentA", attemptId);
    expect(submitted.status).toBe(200);
    expect(await submitted.json()).toMatchObject({ status: "submitted" });
    expect((await attemptApi.save("studentA", attemptId, 2, "3")).status).toBe(409);
    const view = await attemptApi.read("studentA", attemptId);
    expect(await view.json()).toMatchObject({
      status: "submitted",
      responses: { i1: { seq: 1, response: { type: "short_answer", text: "2" } } },
    });
  });

  it("after the deadline, a save is refused and the attempt is submitted with what it held", async () => {
    const attemptId = await seedAttempt("never");
    // A deadline that passes during the test (fixed at the start; here brought near), with no worker sweeping.
    const deadline = new Date(Date.now() + 500);
    await Attempt.updateOne({ _id: attemptId }, { $set: { deadline } });
    expect((await attemptApi.save("studentA", attemptId, 1, "2")).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, deadline.getTime() - Date.now() + 5));
    expect((await attemptApi.save("studentA", attemptId, 2, "3")).status).toBe(409);
    expect(await storedAttempt(attemptId)).toMatchObject({
      status: "auto_submitted",
      i1: { seq: 1, response: { type: "short_answer", text: "2" } },
    });
  });

  it("shows a student their result only when the assignment's policy allows it; the teacher always", async () => {
    const submittedWith = async (policy: ShowResults) => {
      const attemptId = await seedAttempt(policy);
      expect((await attemptApi.submit("studentA", attemptId)).status).toBe(200);
      return attemptId;
    };
    const never = await submittedWith("never");
    expect((await attemptApi.result("studentA", never)).status).toBe(403);
    expect((await attemptApi.result("teacherA", never)).status).toBe(200);
    // The result page says so instead of failing.
    const page = await attemptResultPage.loader({
      request: new Request(`${ORIGIN}/attempts/${never}/result`, { headers: { cookie: cookies.get("studentA")! } }),
      params: { attemptId: never },
      context: {},
    });
    expect(page).toEqual({ result: null, hidden: expect.stringContaining("chưa cho xem kết quả") });

    const afterClose = await submittedWith("after_close");
    expect((await attemptApi.result("studentA", afterClose)).status).toBe(403);
    expect((await attemptApi.result("teacherA", afterClose)).status).toBe(200);
    const { assignmentId } = (await Attempt.findById(afterClose, { assignmentId: 1 }).lean())!;
    await AssessmentAssignment.updateOne({ _id: assignmentId }, { $set: { closesAt: new Date(Date.now() - 60_000) } });
    expect((await attemptApi.result("studentA", afterClose)).status).toBe(200);

    const immediately = await submittedWith("immediately");
    const shown = await attemptApi.result("studentA", immediately);
    expect(shown.status).toBe(200);
    expect(await shown.json()).toMatchObject({ id: immediately, maxScore: 10 });
  });
});

/** Published items: one of school A given to a class where teacher A teaches student A, one of school B shared with the district. */
async function seedPublishedMaterials(base: Record<string, unknown>, version: Record<string, unknown>) {
  const schoolB = await organisationByCode("TRUONG-MB");
  const teacherB = await upsertUser({
    username: "m.gv.b",
    fullName: "m.gv.b",
    organisationCode: "TRUONG-MB",
    roles: [{ role: "teacher", organisationCode: "TRUONG-MB" }],
    initialPassword: "m".repeat(12),
  });
  const live = { title: "Bài 1", subjectCode: "TOAN", grades: [10], licence: "CC-BY-4.0", publishedAt: new Date() };
  const publishedVersion = { ...version, status: "published", url: "https://example.org/bai-1" };
  const publishedFields = { kind: "link", status: "published", liveVersion: 1, live, versions: [publishedVersion] };
  const [published, sibling] = await Material.create([
    { ...base, ...publishedFields, scope: "school" },
    {
      ...base,
      ...publishedFields,
      ownerOrganisationId: schoolB.id,
      organisationPath: schoolB.path,
      createdBy: teacherB,
      scope: "district",
      versions: [{ ...publishedVersion, createdBy: teacherB }],
    },
  ] as Record<string, unknown>[]);
  ids.publishedMaterial = String(published!._id);
  ids.siblingMaterial = String(sibling!._id);
  const [harvested] = await HarvestedItem.create([
    {
      source: "https://kho.example.vn/oai",
      identifier: "oai:kho.example.vn:material/1",
      datestamp: new Date(),
      harvestedAt: new Date(),
      title: "Bài từ kho khác",
      identifierUrl: "https://kho.example.vn/materials/1",
    },
  ]);
  ids.externalItem = String(harvested!._id);
  const teacherA = await User.findOne({ username: "m.gv.a" }).lean();
  // A class of its own: the class cases above rewrite class A's teachers.
  const schoolA = await organisationByCode("TRUONG-MA");
  const classA = await SchoolClass.create({
    schoolId: schoolA.id,
    organisationPath: schoolA.path,
    schoolYear: currentSchoolYear(),
    name: "6A9",
    grade: 6,
    subjectTeachers: [{ subjectCode: "TOAN", teacherId: teacherA!._id }],
    studentIds: [ids.studentA],
  });
  ids.taughtClass = String(classA._id);
  await ClassUse.create({
    classId: classA._id,
    organisationPath: classA.organisationPath,
    materialId: published!._id,
    version: 1,
    title: "Bài 1",
    assignedBy: teacherA!._id,
  });
}

const questionSeed = { schoolId: "", organisationPath: [] as Types.ObjectId[], teacherId: "" };
const questionStem = (text: string) => ({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
const questionBody = { type: "short_answer", answer: { kind: "numeric", value: "2", tolerance: 0 } };

const essayBody = { type: "essay", rubric: [{ criterion: "Lập luận đúng", weight: 1, description: "" }], allowPhoto: true };

/** A question of teacher A (Toán 10, short answer or essay): a private draft, or approved at version 1 and shared with school A. */
async function seedQuestion({ approved, essay = false }: { approved: boolean; essay?: boolean }): Promise<string> {
  const text = `Câu hỏi để xoá ${Math.random()}`;
  const fields = { type: essay ? "essay" : "short_answer", subjectCode: "TOAN", grade: 10, level: "biet" };
  const status = approved ? "approved" : "draft";
  const live = { ...fields, stemText: text, licence: "CC-BY-4.0", publishedAt: new Date() };
  const [question] = await Question.create([
    {
      ...fields,
      ownerOrganisationId: questionSeed.schoolId,
      organisationPath: questionSeed.organisationPath,
      createdBy: questionSeed.teacherId,
      status,
      ...(approved ? { liveVersion: 1, scope: "school", live } : {}),
      stemText: text,
      stemKey: text,
      versions: [
        {
          ...fields,
          number: 1,
          status,
          stem: questionStem(text),
          body: essay ? essayBody : questionBody,
          createdBy: questionSeed.teacherId,
        },
      ],
    },
  ] as Record<string, unknown>[]);
  return String(question!._id);
}

/** Teacher A's private draft question and a question file they read for import. */
async function seedQuestions(schoolId: Types.ObjectId) {
  const teacher = await User.findOne({ username: "m.gv.a" }).lean();
  questionSeed.schoolId = String(schoolId);
  questionSeed.organisationPath = (await organisationByCode("TRUONG-MA")).path;
  questionSeed.teacherId = String(teacher!._id);
  ids.apiQuestion = await seedQuestion({ approved: false });
  const imported = await QuestionImport.create({
    ownerOrganisationId: schoolId,
    createdBy: teacher!._id,
    format: "gift",
    fileName: "cau-hoi.gift.txt",
    result: {
      format: "gift",
      items: [
        {
          index: 1,
          label: "Câu 1",
          sourceText: "Một cộng một bằng mấy? {#2}",
          section: null,
          category: [],
          level: null,
          content: { stem: questionStem("Một cộng một bằng mấy?"), body: questionBody, solution: null },
          problems: [],
        },
      ],
      unsupported: [],
      warnings: [],
    },
  });
  ids.questionImport = String(imported._id);
}

// ---- Tests and attempts -------------------------------------------------------------------------------------------

const START = { accessCode: "", address: "127.0.0.1" };
const testSeed = { teacher: null as Actor | null, student: null as Actor | null };

function value<T>(result: DomainResult<T>): T {
  if (!result.ok) throw new Error(`${result.status}: ${result.reason}`);
  return result.value;
}

/** The person as domain functions see them once signed in. */
async function actorNamed(username: string): Promise<Actor> {
  return actorOf((await User.findOne({ username }, USER_PROFILE_FIELDS).lean<UserProfile>())!, "");
}

/**
 * Teacher A's test of two approved questions with two versions, given twice to the class they teach student A in:
 * student A and a second student of the class are answering the first; student A submitted the second (an essay
 * answer waits for marks).
 */
async function seedTests() {
  const teacher = (testSeed.teacher = await actorNamed("m.gv.a"));
  const student = (testSeed.student = await actorNamed("m.hs.a"));
  ids.shortAnswerQuestion = await seedQuestion({ approved: true });
  ids.essayQuestion = await seedQuestion({ approved: true, essay: true });
  const settings = createAssessmentSchema.parse({ title: "Kiểm tra 15 phút", subject: "TOAN", grade: 10 });
  ids.test = value(await createAssessment(teacher, settings)).id;
  value(await addItem(teacher, ids.test, { questionId: ids.shortAnswerQuestion, points: 5 }));
  value(await addItem(teacher, ids.test, { questionId: ids.essayQuestion, points: 5 }));
  value((await generateVersions(teacher, ids.test, { versions: 2, firstCode: 101, redraw: false })).result);
  ids.assignment = await seedAssignment("never");

  const otherStudentId = await upsertUser({
    username: "m.hs.a2",
    fullName: "m.hs.a2",
    organisationCode: "TRUONG-MA",
    roles: [{ role: "student", organisationCode: "TRUONG-MA" }],
    initialPassword: "m".repeat(12),
    mustChangePassword: false,
  });
  await SchoolClass.updateOne({ _id: ids.taughtClass }, { $addToSet: { studentIds: otherStudentId } });
  const otherStudent = await actorNamed("m.hs.a2");
  ids.otherAttempt = value(await startAttempt(otherStudent, ids.assignment, START)).id;
  value(await saveResponse(otherStudent, ids.otherAttempt, "i1", { seq: 1, response: { type: "short_answer", text: "7" } }));
  ids.otherEssayPhoto = value(await addEssayPhoto(otherStudent, ids.otherAttempt, "i2", JPEG)).id;
  ids.attempt = value(await startAttempt(student, ids.assignment, START)).id;
  ids.essayPhoto = value(await addEssayPhoto(student, ids.attempt, "i2", JPEG)).id;

  ids.submittedAssignment = await seedAssignment("never");
  ids.submittedAttempt = value(await startAttempt(student, ids.submittedAssignment, START)).id;
  value(await saveResponse(student, ids.submittedAttempt, "i1", { seq: 1, response: { type: "short_answer", text: "2" } }));
  const essay = { type: "essay" as const, text: "Vì 1 + 1 = 2.", photoUploadIds: [] };
  value(await saveResponse(student, ids.submittedAttempt, "i2", { seq: 1, response: essay }));
  value(await submitAttempt(student, ids.submittedAttempt));
}

/** Teacher A's test given to the taught class, open from an hour ago for two hours more. */
async function seedAssignment(showResults: ShowResults): Promise<string> {
  const input = assignAssessmentSchema.parse({
    classId: ids.taughtClass,
    opensAt: new Date(Date.now() - HOUR).toISOString(),
    closesAt: new Date(Date.now() + 2 * HOUR).toISOString(),
    timeLimitMinutes: 60,
    showResults,
  });
  return value(await assignAssessment(testSeed.teacher!, ids.test, input)).id;
}

/** Student A's attempt, in progress, at the test given to the class once more with this results policy. */
async function seedAttempt(showResults: ShowResults): Promise<string> {
  return value(await startAttempt(testSeed.student!, await seedAssignment(showResults), START)).id;
}

/** An unassigned test of teacher A: with the short answer question as item i1 unless `items` is false. */
async function seedDraftTest({ blueprint = false, items = true }: { blueprint?: boolean; items?: boolean } = {}) {
  const teacher = testSeed.teacher!;
  const cells = [{ format: "short_answer", level: "biet", count: 1, pointsEach: 10 }];
  const settings = createAssessmentSchema.parse({
    title: "Bài kiểm tra nháp",
    subject: "TOAN",
    grade: 10,
    blueprint: blueprint ? { levelScale: "three", rows: [{ topicId: ids.topic, cells }] } : null,
  });
  const { id } = value(await createAssessment(teacher, settings));
  if (items) value(await addItem(teacher, id, { questionId: ids.shortAnswerQuestion, points: 10 }));
  return id;
}
