// `npm run seed`: loads the demo data into the configured services (safe to repeat).
import { disconnectDatabase } from "~/services/db.server";
import { seedDemoData } from "./seed/demo-data";

const result = await seedDemoData();
console.log(
  `Đã nạp dữ liệu mẫu: ${result.subjects.created} môn học mới, ${result.organisations} đơn vị, ${result.users} tài khoản.`,
);
await disconnectDatabase();
