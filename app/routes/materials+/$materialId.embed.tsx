import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireActor } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { H5pPlayer } from "~/components/h5p-player";
import { MediaPlayer } from "~/components/media-player";
import { materialForViewer } from "~/domain/materials/materials.server";

/** A video, audio or H5P player alone, for embedding inside lectures (same site only). */
export const handle = { bare: true };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "Học liệu" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request);
  const material = await materialForViewer(actor, params.materialId ?? "");
  if (!material) throw new Response("Không tìm thấy học liệu hoặc bạn không có quyền xem.", { status: 404 });
  return {
    id: material.id,
    kind: material.kind,
    title: material.version.title,
    version: material.version.number,
    h5pPlayUrl: material.version.h5pPlayUrl,
    poster: material.derived.find((file) => file.role === "poster")?.url,
    src: material.kind === "video" || material.kind === "audio" ? material.originalUrl : null,
  };
}

export default function EmbeddedMaterial() {
  const { t } = useTranslation();
  const material = useLoaderData<typeof loader>();
  if ((material.kind === "video" || material.kind === "audio") && material.src)
    return (
      <MediaPlayer
        kind={material.kind}
        src={material.src}
        poster={material.poster}
        title={material.title}
        className={material.kind === "video" ? "h-screen w-full bg-black" : undefined}
      />
    );
  if (material.h5pPlayUrl)
    return (
      <H5pPlayer
        playUrl={material.h5pPlayUrl}
        title={material.title}
        labels={{ loading: t("materials.view.h5pLoading"), failed: t("materials.view.h5pFailed") }}
      />
    );
  return (
    <p className="p-4">
      <a href={`/materials/${material.id}`} target="_top" className="underline">
        {material.title}
      </a>
    </p>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
