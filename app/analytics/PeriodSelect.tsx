// The analytics pages' period: the last 7, 30 or 90 days, kept in the URL's `days`.
import { useSearchParams } from "@remix-run/react";
import { Select } from "@shopify/polaris";
import { analyticsWords } from "../ui/words/analytics";
import { useT } from "../ui/i18n";

export function PeriodSelect({ days }: { days: number }) {
  const t = useT(analyticsWords);
  const [, setParams] = useSearchParams();
  return (
    <Select
      label={t("period")}
      labelInline
      options={[
        { label: t("last7"), value: "7" },
        { label: t("last30"), value: "30" },
        { label: t("last90"), value: "90" },
      ]}
      value={String(days)}
      onChange={(value) =>
        setParams((params) => (params.set("days", value), params))
      }
    />
  );
}
