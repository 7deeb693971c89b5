# syntax=docker/dockerfile:1
# Fleet's worker role, GPU flavour: the same worker built with -p:OrtFlavor=Gpu (Microsoft.ML.OnnxRuntime.Gpu, the
# same ONNX Runtime version as the CPU flavour) on NVIDIA's CUDA 12 + cuDNN 9 runtime. OCR runs on CUDA when a GPU
# answers (Fleet__Ocr__Device=Auto) and on the CPU otherwise. Run with a GPU: docker run --gpus all ...
# Build from the repository root: docker build -f docker/worker-gpu.Dockerfile -t fleet-worker-gpu .
FROM mcr.microsoft.com/dotnet/sdk:10.0.401-noble AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# The GPU package restores about 540 MB of CUDA builds of ONNX Runtime: the cache mount keeps them between builds.
RUN --mount=type=cache,target=/root/.nuget/packages \
    ./build.sh --target=Assets \
 && dotnet publish src/Worker -c Release -r linux-x64 --self-contained false -p:OrtFlavor=Gpu -o /out

# The ASP.NET Core runtime, copied onto the CUDA base (both Ubuntu 24.04).
FROM mcr.microsoft.com/dotnet/aspnet:10.0.12-noble AS dotnet

FROM nvidia/cuda:12.9.1-cudnn-runtime-ubuntu24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates libssl3t64 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1654 --user-group --no-create-home --shell /usr/sbin/nologin app \
 && mkdir /cache && chown app:app /cache
COPY --from=dotnet /usr/share/dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
WORKDIR /app
COPY --from=build /out ./
COPY --chmod=755 docker/healthcheck.sh /usr/local/bin/fleet-healthcheck
# A GPU fills best with batches of lines (see OcrOptions.RecognitionBatchSize); CUDA always runs float32.
ENV ASPNETCORE_URLS=http://+:8080 \
    DOTNET_NOLOGO=1 \
    DOTNET_RUNNING_IN_CONTAINER=true \
    MASSTRANSIT_USAGE_TELEMETRY=false \
    NVIDIA_VISIBLE_DEVICES=all \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility \
    Fleet__Worker__DocumentCacheDirectory=/cache \
    Fleet__Ocr__RecognitionBatchSize=32
VOLUME /cache
EXPOSE 8080
USER app
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 CMD ["fleet-healthcheck", "/health/ready"]
ENTRYPOINT ["dotnet", "Fleet.Worker.dll"]
