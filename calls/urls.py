app_name = "calls"

urlpatterns = []
