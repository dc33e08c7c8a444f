import { notFoundProblem } from "~/utils/api.server";

// Unknown API paths answer as problem+json, never with the HTML 404 page.
export const loader = ({ request }: { request: Request }) => notFoundProblem(request);
export const action = loader;
