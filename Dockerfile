# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image publishes, the ASP.NET runtime image runs as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props BlazorConsole.sln .editorconfig ./
COPY wwwroot-assets/ wwwroot-assets/
COPY src/ src/
RUN dotnet publish src/BlazorConsole.Web/BlazorConsole.Web.csproj -c Release -o /app --no-self-contained

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# git is needed by the build pipeline, openssh-client (ssh, ssh-keygen) by SSH repositories and their deploy keys, bubblewrap
# by the sandbox of builds and releases (Builds:Sandbox; the container must allow user namespaces), curl by the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends git curl openssh-client bubblewrap \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown app:app /data
WORKDIR /app
COPY --from=build /app ./
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    Console__DataDir=/data
VOLUME ["/data"]
# Dockerfile components and container releases need a Docker engine (README "Docker runtime"): mount its socket and let
# the app user reach it, e.g.
#   docker run -v /var/run/docker.sock:/var/run/docker.sock --group-add "$(stat -c %g /var/run/docker.sock)" \
#     -v bc-data:/data -p 8080:8080 blazorconsole
# (or set Docker__Endpoint to a tcp:// engine). Whoever holds that socket controls the host's Docker: it is the
# console's, never an app's; release containers get no mounts of their own. With Docker__Network set to a network the
# console container is on, it reaches the app containers there instead of on 127.0.0.1 ports.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "BlazorConsole.Web.dll"]
