"""Regular shifts (常态化岗位): /series and /skip, the occurrence-or-following choice, standing sign-ups."""
