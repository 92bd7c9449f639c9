from backend.attribute.models import AttributeValue

from ..core.dataloaders import DataLoader, grouped


class ValuesByAttributeIdLoader(DataLoader):
    def batch_load(self, keys):
        rows = AttributeValue.objects.filter(attribute_id__in=keys).order_by("sort_order", "pk")
        return grouped(rows, keys, key=lambda o: o.attribute_id)
