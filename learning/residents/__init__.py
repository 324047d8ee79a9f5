"""1+10: the residents each member serves, contact logs, contact cards and coverage; rotating honours."""
