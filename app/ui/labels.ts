// Merchant-facing names for the map's four groups and a scenario's states.
export const GROUP_LABELS = {
  LEAD_GENERATION: "Lead generation",
  SALES: "Sales",
  RETENTION: "Retention",
  WIN_BACK: "Win-back",
} as const;

export const STATUS_LABELS = {
  DRAFT: "Draft",
  ACTIVE: "Active",
  PAUSED: "Paused",
  ARCHIVED: "Archived",
} as const;
