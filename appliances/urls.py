from django.urls import path

from appliances import apis

urlpatterns = [
    path("categories/", apis.CategoryListApi.as_view(), name="api-category-list"),
]
