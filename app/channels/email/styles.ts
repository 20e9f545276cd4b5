// The email's few colours and its font stack, shared by the layout and the blocks.
export const font =
  "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export const colors = {
  page: "#f4f4f5",
  text: "#111827",
  muted: "#6b7280",
  line: "#e5e7eb",
  button: "#1f2937",
  codeBox: "#f9fafb",
} as const;
