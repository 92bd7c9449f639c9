from celery import shared_task


@shared_task(name="payment.cancel_overdue_transfers", ignore_result=True)
def cancel_overdue_transfers() -> int:
    """Orders whose bank transfer never came are cancelled and their stock released."""
    from backend.payment.vietqr import cancel_overdue

    return len(cancel_overdue())
