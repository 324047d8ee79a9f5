from cms.navigation import site_sections


def site_navigation(request):
    """The main menu: the home page and its index pages shown in menus (cms.navigation). The
    menu is the same for everyone, so a private section is left out even for those who may
    open it."""
    return {"site_navigation": [entry for entry in site_sections() if entry["in_menu"]]}
