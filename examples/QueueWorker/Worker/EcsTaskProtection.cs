using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>
/// Task scale-in protection through the ECS agent's endpoint (<c>PUT $ECS_AGENT_URI/task-protection/v1/state</c>):
/// while it is on, neither service auto scaling nor a deployment stops the task. Outside ECS (no agent URI) it does
/// nothing.
/// </summary>
public sealed partial class EcsTaskProtection : ITaskProtection
{
    /// <summary>How long protection lasts unless renewed or turned off (the agent allows 1 to 2,880 minutes).</summary>
    public const int ExpiresInMinutes = 60;

    private readonly HttpClient _http;
    private readonly Uri? _state;
    private readonly ILogger<EcsTaskProtection> _logger;

    /// <summary>Talks to the agent at <paramref name="agentUri"/> (the ECS_AGENT_URI variable); null outside ECS.</summary>
    public EcsTaskProtection(HttpClient http, Uri? agentUri, ILogger<EcsTaskProtection> logger)
    {
        _http = http;
        _logger = logger;
        _state = agentUri is null ? null : new Uri(agentUri.ToString().TrimEnd('/') + "/task-protection/v1/state");
    }

    /// <inheritdoc/>
    public async Task SetAsync(bool enabled, CancellationToken cancellationToken)
    {
        if (_state is null)
        {
            return;
        }

        var request = new ProtectionRequest(enabled, enabled ? ExpiresInMinutes : null);
        try
        {
            using var response = await _http.PutAsJsonAsync(_state, request, ProtectionJson.Default.ProtectionRequest, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(_logger, enabled, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            }
        }
        catch (HttpRequestException e)
        {
            LogUnreachable(_logger, enabled, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ECS agent refused task protection = {Enabled} ({Status}: {Body}); working on unprotected.")]
    private static partial void LogRefused(ILogger logger, bool enabled, int status, string body);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The ECS agent could not be reached to set task protection = {Enabled}; working on unprotected.")]
    private static partial void LogUnreachable(ILogger logger, bool enabled, Exception exception);
}

/// <summary>The body of a task-protection request.</summary>
/// <param name="ProtectionEnabled">Whether the task is protected.</param>
/// <param name="ExpiresInMinutes">When protection ends by itself; left out when turning it off.</param>
public sealed record ProtectionRequest(
    bool ProtectionEnabled,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpiresInMinutes);

/// <summary>Source-generated JSON for the agent's request (PascalCase, as the agent expects).</summary>
[JsonSerializable(typeof(ProtectionRequest))]
internal sealed partial class ProtectionJson : JsonSerializerContext;
