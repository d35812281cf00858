"""`{"items": […], "total": N}` lists (seed 003), paged with ?page and ?page_size."""
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class ItemsPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_paginated_response(self, data):
        return Response({"items": data, "total": self.page.paginator.count,
                         "page": self.page.number, "page_size": self.get_page_size(self.request)})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["items", "total"],
            "properties": {
                "items": schema,
                "total": {"type": "integer", "example": 1},
                "page": {"type": "integer", "example": 1},
                "page_size": {"type": "integer", "example": 20},
            },
        }
