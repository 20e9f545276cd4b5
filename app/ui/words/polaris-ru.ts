// Polaris ships no Russian: the strings of its components this app shows (menus, banners, tables,
// pagination, badges read by screen readers), in Russian, in front of its English for the rest.
export const polarisRussian = {
  Polaris: {
    ActionMenu: {
      Actions: { moreActions: "Другие действия" },
      RollupActions: { rollupButton: "Действия" },
    },
    Common: {
      checkbox: "флажок",
      undo: "Отменить",
      cancel: "Отмена",
      clear: "Очистить",
      close: "Закрыть",
      submit: "Отправить",
      more: "Ещё",
    },
    Banner: { dismissButton: "Закрыть уведомление" },
    Page: {
      Header: {
        rollupActionsLabel: "Действия для «{title}»",
        pageReadyAccessibilityLabel: "{title}. Страница готова",
      },
    },
    Button: { spinnerAccessibilityLabel: "Загрузка" },
    TextField: {
      characterCount: "Символов: {count}",
      characterCountWithMaxLength: "Использовано {count} из {limit} символов",
    },
    DataTable: {
      sortAccessibilityLabel: "сортировать {direction} по",
      navAccessibilityLabel: "Прокрутить таблицу на столбец {direction}",
      totalsRowHeading: "Итого",
      totalRowHeading: "Итого",
    },
    Pagination: {
      previous: "Назад",
      next: "Вперёд",
      pagination: "Страницы",
    },
    Badge: {
      PROGRESS_LABELS: {
        incomplete: "Не начато",
        partiallyComplete: "Частично",
        complete: "Готово",
      },
      TONE_LABELS: {
        info: "Информация",
        success: "Успех",
        warning: "Предупреждение",
        critical: "Важно",
        attention: "Внимание",
        new: "Новое",
        readOnly: "Только чтение",
        enabled: "Включено",
      },
      progressAndTone: "{toneLabel} {progressLabel}",
    },
    SkeletonPage: { loadingLabel: "Страница загружается" },
  },
};
