"""The Secure Communities rollout dashboard: data -> view state -> figures -> layout/callbacks."""
