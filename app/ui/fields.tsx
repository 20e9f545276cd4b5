// The scenario page's form context and its number input, shared by the step editor and the
// condition editor.
import { TextField } from "@shopify/polaris";
import type { ReactNode } from "react";
import { getAt, setNumber, type EditorForm } from "../scenarios/editor/form";
import type { Locale, Translate } from "./i18n";
import type { ScenarioWords } from "./words/scenario";

export interface EditorContext {
  form: EditorForm;
  set(form: EditorForm): void;
  errors: Record<string, string>;
  t: Translate<ScenarioWords>;
  locale: Locale;
  languages: string[];
}

export const text = (value: unknown) =>
  value === undefined || value === null ? "" : String(value);

export function NumberField({
  ctx,
  path,
  label,
  helpText,
  suffix,
}: {
  ctx: EditorContext;
  path: string;
  label: string;
  helpText?: ReactNode;
  suffix?: string;
}) {
  return (
    <TextField
      id={path}
      label={label}
      type="number"
      autoComplete="off"
      value={text(getAt(ctx.form, path))}
      helpText={helpText}
      suffix={suffix}
      onChange={(v) => ctx.set(setNumber(ctx.form, path, v))}
      error={ctx.errors[path]}
    />
  );
}
