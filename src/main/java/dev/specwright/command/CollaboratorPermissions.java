package dev.specwright.command;

/**
 * Port: a user's permission on a repository ({@code GET
 * /repos/{owner}/{repo}/collaborators/{login}/permission}, read from {@code role_name} with {@link
 * Permission#fromGitHub}). A user who is no collaborator is {@link Permission#NONE}, not an error;
 * throw only when GitHub could not be asked (the event is then retried, as nothing was done yet).
 */
@FunctionalInterface
public interface CollaboratorPermissions {

  Permission permission(RepoRef repo, String login);
}
