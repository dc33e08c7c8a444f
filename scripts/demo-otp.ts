// `npm run demo:otp`: the current two-factor code of the demo administrators (demo data only).
import { currentCode } from "~/auth/two-factor.server";
import { DEMO_TOTP_KEY } from "./seed/demo-data";

console.log(`Mã xác thực hiện tại của tài khoản quản trị demo: ${currentCode(DEMO_TOTP_KEY)} (đổi sau mỗi 30 giây)`);
