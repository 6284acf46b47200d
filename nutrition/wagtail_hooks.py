from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from nutrition.models import Food
from portal.governance.snippet_admin import ReviewedSnippetPermissionPolicy, ReviewedSnippetViewSet

register_permission_policy(Food, ReviewedSnippetPermissionPolicy(Food))


class FoodViewSet(ReviewedSnippetViewSet):
    model = Food
    icon = "pick"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "synonyms"]
    search_fields = ["name", "synonyms"]


register_snippet(FoodViewSet)
