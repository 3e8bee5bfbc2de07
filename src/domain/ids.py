"""Typed identifiers, so a company id is never passed where a posting id belongs."""

from typing import NewType
from uuid import UUID

CompanyId = NewType("CompanyId", UUID)
PostingId = NewType("PostingId", UUID)
RequirementId = NewType("RequirementId", UUID)
ApiKeyId = NewType("ApiKeyId", UUID)
JobApplicationId = NewType("JobApplicationId", UUID)
PostingReportId = NewType("PostingReportId", UUID)
AlertId = NewType("AlertId", UUID)
WebhookEndpointId = NewType("WebhookEndpointId", UUID)
WebhookDeliveryId = NewType("WebhookDeliveryId", UUID)
