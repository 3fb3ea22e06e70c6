// What every capability uses: the envelope, the error catalogue, ids, IP and time helpers.
global using AddressMaps.Api.Platform;
