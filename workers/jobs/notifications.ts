import { deliverReviewEvent, reviewEventSchema } from "~/domain/notifications/notifications.server";
import { job } from "./define";

/** In-app notifications (and e-mails) for each review step. */
export const deliverNotificationsJob = job({
  name: "notifications.deliver-review-event",
  input: reviewEventSchema,
  async run(event) {
    await deliverReviewEvent(event);
  },
});
