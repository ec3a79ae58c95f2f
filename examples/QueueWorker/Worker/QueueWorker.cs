using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>
/// The worker loop: long-polls one message at a time, processes it, deletes it on success and leaves it on failure
/// (SQS delivers it again after the visibility timeout, and moves it to the dead-letter queue after the queue's
/// maximum receive count). Scale-in protection is on while it holds messages and off once a poll comes back empty.
/// On SIGTERM the host signals ApplicationStopping (and then cancels <c>stoppingToken</c>): from that moment the worker
/// takes no new message, an idle poll stops at once, and a message in hand is finished and deleted first (within the
/// host's shutdown timeout, which the task's stop timeout bounds).
/// </summary>
/// <param name="queue">The queue.</param>
/// <param name="handler">What to do with a message.</param>
/// <param name="protection">The task's scale-in protection.</param>
/// <param name="clock">The clock (protection is renewed before it expires).</param>
/// <param name="logger">The log.</param>
/// <param name="lifetime">The host's lifetime, whose ApplicationStopping fires as soon as SIGTERM arrives; null outside a host.</param>
public sealed partial class QueueWorker(IMessageQueue queue, IMessageHandler handler, ITaskProtection protection, TimeProvider clock, ILogger<QueueWorker> logger, IHostApplicationLifetime? lifetime = null)
    : BackgroundService
{
    // How long to wait after a failed receive before polling again.
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromSeconds(5);

    // Protection is renewed when half its lifetime has passed, so a long busy spell never runs unprotected.
    private static readonly TimeSpan ProtectionRenewal = TimeSpan.FromMinutes(EcsTaskProtection.ExpiresInMinutes / 2.0);

    private DateTimeOffset? _protectedAt;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The host cancels stoppingToken only when it reaches this service during shutdown; ApplicationStopping fires at once.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime?.ApplicationStopping ?? CancellationToken.None);
        await RunAsync(stopping.Token);
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var (stopping, message) = await ReceiveAsync(stoppingToken);
                if (stopping)
                {
                    break;
                }

                if (message is null)
                {
                    await UnprotectAsync();
                    continue;
                }

                await ProtectAsync();
                // Not cancelled by stoppingToken: a message in hand is finished even when the task is stopping.
                await ProcessAsync(message);
            }
        }
        finally
        {
            await UnprotectAsync();
        }
    }

    // Receives one message; a failed receive is logged and retried after a pause. Stopping ends the wait at once.
    private async Task<(bool Stopping, QueueMessage? Message)> ReceiveAsync(CancellationToken stoppingToken)
    {
        try
        {
            return (false, await queue.ReceiveAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return (true, null);
        }
        catch (Exception e)
        {
            LogReceiveFailed(logger, e);
        }

        try
        {
            await Task.Delay(ReceiveRetryDelay, clock, stoppingToken);
            return (false, null);
        }
        catch (OperationCanceledException)
        {
            return (true, null);
        }
    }

    private async Task ProcessAsync(QueueMessage message)
    {
        try
        {
            await handler.HandleAsync(message, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogFailed(logger, message.Id, e);
            return;
        }

        await queue.DeleteAsync(message, CancellationToken.None);
    }

    private async Task ProtectAsync()
    {
        var now = clock.GetUtcNow();
        if (_protectedAt is { } since && now - since < ProtectionRenewal)
        {
            return;
        }

        await protection.SetAsync(true, CancellationToken.None);
        _protectedAt = now;
    }

    private async Task UnprotectAsync()
    {
        if (_protectedAt is null)
        {
            return;
        }

        await protection.SetAsync(false, CancellationToken.None);
        _protectedAt = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {Id} failed; it stays in the queue for another try (and the dead-letter queue after the last).")]
    private static partial void LogFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from the queue failed; retrying in 5 seconds.")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception);
}
