"""Organisation life: meetings (三会一课, 主题党日), check-in and attendance, lecture sessions on site and online."""
