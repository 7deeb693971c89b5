# syntax=docker/dockerfile:1
# Fleet's worker role, CPU flavour: inspection, page chunks (text layer, PDFium render, PP-OCRv4 on ONNX Runtime's CPU
# build) and assembly. Carries libpdfium.so, libfleet_ortops.so (the int8 operator, compiled with g++ against the ONNX
# Runtime package's headers) and the models under assets/.
# Build from the repository root: docker build -f docker/worker.Dockerfile -t fleet-worker .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
# npm fetches the pinned PDFium library and models (sha256-checked by build.cake's Assets target, skipped when the
# build context already has them in assets/); g++ builds the native operator.
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.nuget/packages \
    ./build.sh --target=Assets \
 && dotnet publish src/Worker -c Release -r linux-x64 --self-contained false -o /out

FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble
WORKDIR /app
COPY --from=build /out ./
COPY --chmod=755 docker/healthcheck.sh /usr/local/bin/fleet-healthcheck
# Each input is downloaded once per worker into the document cache; /cache is a volume (compose) or an emptyDir
# (Kubernetes), so the root filesystem can stay read-only.
RUN mkdir /cache && chown app:app /cache
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1 \
    MASSTRANSIT_USAGE_TELEMETRY=false \
    Fleet__Worker__DocumentCacheDirectory=/cache
VOLUME /cache
EXPOSE 8080
USER app
# A worker is ready once its OCR engine has loaded (a few seconds), hence the longer start period.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 CMD ["fleet-healthcheck", "/health/ready"]
ENTRYPOINT ["dotnet", "Fleet.Worker.dll"]
