"""Deploy helper with a hard-coded token and AWS keys."""

GITHUB_TOKEN = "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"
AWS_ACCESS_KEY_ID = "AKIAOSFHYPN5NWK2DO6U"
AWS_SECRET_ACCESS_KEY = "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"
SLACK_WEBHOOK = "https://hooks.slack.com/services/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"
SENDGRID_API_KEY = "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"
PLACEHOLDER_TOKEN = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"  # a placeholder: not reported
