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
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "BlazorConsole.Web.dll"]
