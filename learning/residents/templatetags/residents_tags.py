"""`{% organisation_honours organisation %}`: an organisation's rotating honours and their
current holders, for its public page (/racing/<id>/)."""

from django import template

from learning.residents.selectors import plaques_of_organisation

register = template.Library()


@register.inclusion_tag("residents/_honours.html")
def organisation_honours(organisation):
    return {"plaques": plaques_of_organisation(organisation=organisation)}
