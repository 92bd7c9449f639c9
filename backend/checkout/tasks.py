from celery import shared_task


@shared_task(name="checkout.release_expired", ignore_result=True)
def release_expired() -> int:
    """Expired reservations count for nothing already; this only tidies them away."""
    from backend.warehouse.stock import release_expired as release

    return release()
