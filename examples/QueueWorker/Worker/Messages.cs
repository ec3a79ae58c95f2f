namespace ContainerPatterns.Examples.QueueWorker;

/// <summary>A message the worker holds: what it needs to process and then delete it.</summary>
/// <param name="Id">The message id.</param>
/// <param name="ReceiptHandle">The handle that deletes this receipt of the message.</param>
/// <param name="Body">The message body.</param>
public sealed record QueueMessage(string Id, string ReceiptHandle, string Body);

/// <summary>The queue as the worker uses it: one message at a time, deleted only after it was processed.</summary>
public interface IMessageQueue
{
    /// <summary>Waits briefly (long polling) for one message; null when none arrived in the wait time.</summary>
    Task<QueueMessage?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Deletes a processed message, so it is not delivered again.</summary>
    Task DeleteAsync(QueueMessage message, CancellationToken cancellationToken);
}

/// <summary>The task's scale-in protection: on from just before each receive until that message is done, off between messages and while idle.</summary>
public interface ITaskProtection
{
    /// <summary>Turns protection on or off; failures are logged, not thrown (work goes on unprotected).</summary>
    Task SetAsync(bool enabled, CancellationToken cancellationToken);
}

/// <summary>What the worker does with one message; throwing leaves the message in the queue for a retry and, in the end, the dead-letter queue.</summary>
public interface IMessageHandler
{
    /// <summary>Processes one message.</summary>
    Task HandleAsync(QueueMessage message, CancellationToken cancellationToken);
}
