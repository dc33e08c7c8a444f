import { licenceAllowsAdaptation, type Licence } from "#content-schemas/materials";
import type { Actor } from "~/auth/session.server";
import type { ReadableMaterial } from "~/domain/materials/materials.server";
import { classUsesOf, teaches } from "./class-use.server";
import { givesFeedback, listComments, myRating } from "./feedback.server";
import { openReportsFor } from "./reports.server";

/**
 * What the material page offers around a published item — use in my class, copy to my school, rating,
 * comments, reporting a problem, and the open problems for those who handle them — for this person.
 */
export async function sharingPanel(actor: Actor, { material, pinnedVersion }: ReadableMaterial) {
  const live = material.liveVersion ? material.versions[material.liveVersion - 1] : undefined;
  if (!live) return null;
  const throughSharing = !pinnedVersion;
  const staff = throughSharing && givesFeedback(actor);
  const isAuthor = String(material.createdBy) === actor.id;
  const [classUses, comments, stars, openReports] = await Promise.all([
    throughSharing && teaches(actor) ? classUsesOf(actor, material) : [],
    staff ? listComments(actor, material) : [],
    staff && !isAuthor ? myRating(actor, material) : null,
    openReportsFor(actor, material),
  ]);
  return {
    liveVersion: live.number,
    canUseInClass: throughSharing && teaches(actor),
    canCopy:
      throughSharing &&
      teaches(actor) &&
      String(material.ownerOrganisationId) !== actor.organisationId &&
      licenceAllowsAdaptation(live.licence as Licence),
    canRate: staff && !isAuthor,
    canComment: staff,
    myStars: stars,
    classUses,
    comments,
    openReports,
  };
}
export type SharingPanel = NonNullable<Awaited<ReturnType<typeof sharingPanel>>>;
