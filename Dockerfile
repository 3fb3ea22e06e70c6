# syntax=docker/dockerfile:1
# The emulator as a container: docker compose up (see docker-compose.yml), or
#   docker build -t addressmaps . && docker run -p 8780:8780 \
#     -e ConnectionStrings__AddressMaps='Host=...;Database=addressmaps;Username=...;Password=...' \
#     -e AddressMaps__AdminToken=... addressmaps
# Without AddressMaps__AdminToken the control plane (/_emulator/*) answers loopback callers
# only, and inside a container no caller is on loopback: set a token to use it from outside.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the build settings and the project file only, so that the package layer
# is reused until one of them changes.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/AddressMaps.Api/AddressMaps.Api.csproj src/AddressMaps.Api/
RUN dotnet restore src/AddressMaps.Api/AddressMaps.Api.csproj
COPY src/ src/
RUN dotnet publish src/AddressMaps.Api -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The image's built-in non-root user `app`.
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8780
# The JIT without W^X double mapping, as scripts/run: a faster start (README, Performance).
ENV DOTNET_EnableWriteXorExecute=0
EXPOSE 8780
# Readiness (database reachable, migrations applied, seed loaded) asked by the binary itself on
# its own port: the runtime image has no curl. /_emulator/ready needs no admin token.
HEALTHCHECK --interval=5s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "AddressMaps.Api.dll", "--healthcheck"]
ENTRYPOINT ["dotnet", "AddressMaps.Api.dll"]
