from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from nutrition.models import Food


class FoodViewSet(SnippetViewSet):
    model = Food
    icon = "pick"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "synonyms"]
    search_fields = ["name", "synonyms"]


register_snippet(FoodViewSet)
