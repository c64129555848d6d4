# One image for the five services, the worker and the CLI; docker-compose.yml picks the command.
FROM python:3.11-slim

# MB_WORKERS: uvicorn processes per service (`uvicorn --factory ... --workers $MB_WORKERS`).
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 MB_WORKERS=1
WORKDIR /app

COPY pyproject.toml README.md ./
COPY services ./services
COPY workflows ./workflows
COPY medborgarbudget ./medborgarbudget
COPY counting ./counting
RUN pip install --no-cache-dir . \
    && useradd --system --home-dir /app medborgarbudget

USER medborgarbudget
EXPOSE 8100 8101 8102 8103 8104 8106
CMD ["medborgarbudget", "--help"]
