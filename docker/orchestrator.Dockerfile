# syntax=docker/dockerfile:1
# Fleet's orchestrator role: the batch and document sagas, input listing and manifests. No ONNX Runtime, PDFium or models.
# Build from the repository root: docker build -f docker/orchestrator.Dockerfile -t fleet-orchestrator .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish src/Orchestrator -c Release -r linux-x64 --self-contained false -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
WORKDIR /app
COPY --from=build /out ./
COPY --chmod=755 docker/healthcheck.sh /usr/local/bin/fleet-healthcheck
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1 \
    MASSTRANSIT_USAGE_TELEMETRY=false
EXPOSE 8080
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["fleet-healthcheck", "/health/ready"]
ENTRYPOINT ["dotnet", "Fleet.Orchestrator.dll"]
