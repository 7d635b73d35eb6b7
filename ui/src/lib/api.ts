// Typed calls of the shell's commands. Argument and result types are the
// ts-rs bindings generated from the Rust types.

import { invoke } from "@tauri-apps/api/core";
import type { Edit } from "./bindings/Edit";
import type { Edited } from "./bindings/Edited";
import type { Form } from "./bindings/Form";
import type { FormView } from "./bindings/FormView";

export const api = {
  blankForm: () => invoke<Form>("blank_form"),
  exampleForms: () => invoke<Form[]>("example_forms"),
  renderForm: (form: Form) => invoke<FormView>("render_form", { form }),
  uiReady: () => invoke<void>("ui_ready"),
  applyEdit: (form: Form, edit: Edit) => invoke<Edited>("apply_edit", { form, edit }),
};

/** The Chinese message of a failed command. */
export function messageOf(e: unknown): string {
  if (typeof e === "string") return e;
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  return String(e);
}
