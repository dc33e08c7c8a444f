import mongoose, { type Schema } from "mongoose";

/** Defines each model once per process, even when Vite re-evaluates a module during development. */
export function defineModel<TSchema extends Schema>(name: string, schema: TSchema) {
  const create = () => mongoose.model(name, schema);
  return (mongoose.models[name] as ReturnType<typeof create> | undefined) ?? create();
}
