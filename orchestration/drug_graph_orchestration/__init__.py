"""The drug graph pipeline run by itself: Dagster definitions (`definitions`), and the plain-Python parts the
job also uses without Dagster (`monitor`: run log, report and alerts; `alerts`; `raw_folder`; `warehouse_lock`)."""
