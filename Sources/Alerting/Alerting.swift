enum AlertingPlaceholder {}
