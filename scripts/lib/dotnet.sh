# shellcheck shell=bash
# The .NET SDK's environment for every script that builds or runs .NET (source it; it runs
# nothing): no banners or telemetry, and no instrumented JIT tier in the SDK's own processes.
#
# DOTNET_TieredPGO=0 (issue 13): the build (MSBuild, the compiler) and the test host live for
# seconds to minutes, about as long as the JIT's profiling tier lasts, so the profiling is paid
# for and barely used. Measured here, interleaved: `dotnet build AddressMaps.sln` on a clean
# clone 43-44 s (77-78 s of CPU) against 34-40 s (60-70 s); `dotnet test` 100-104 s (115-125 s
# of the machine's CPU) against 86-93 s (80-94 s). Our own programs are built with
# <TieredPGO>false</TieredPGO> (Directory.Build.props), so they need no variable.
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_TieredPGO=0
