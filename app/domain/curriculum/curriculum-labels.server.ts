import { Subject } from "#models/subject";
import { Topic } from "#models/topic";

const TTL_MS = 5 * 60_000;

interface CurriculumLabels {
  subjects: Record<string, { vi: string; en: string }>;
  topics: Record<string, string>;
}

let cached: { loadedAt: number; labels: Promise<CurriculumLabels> } | undefined;

async function load(): Promise<CurriculumLabels> {
  const [subjects, topics] = await Promise.all([
    Subject.find({}, { code: 1, name: 1, nameEn: 1 }).lean(),
    Topic.find({}, { name: 1, grade: 1 }).lean(),
  ]);
  return {
    subjects: Object.fromEntries(subjects.map((subject) => [subject.code, { vi: subject.name, en: subject.nameEn }])),
    topics: Object.fromEntries(topics.map((topic) => [String(topic._id), `${topic.name} (Lớp ${topic.grade})`])),
  };
}

/**
 * Names of subjects and topics for search facets, kept in the process for five minutes: they change only when the
 * catalogue is edited, and a search should not wait for the database (benchmark in docs/search.md).
 */
export function curriculumLabels(): Promise<CurriculumLabels> {
  if (!cached || Date.now() - cached.loadedAt > TTL_MS) {
    const labels = load();
    cached = { loadedAt: Date.now(), labels };
    labels.catch(() => {
      cached = undefined;
    });
  }
  return cached.labels;
}
