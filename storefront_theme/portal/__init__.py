"""The seller portal: where a producer's team runs its shop (server-rendered, Vietnamese,
mobile-first). Every page acts for one producer, the one the member chose, and asks
``backend.sellers.access`` whether the member's role allows what the page does."""
