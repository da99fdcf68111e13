"""The History pane: every version of a record, what each changed, restore one."""
