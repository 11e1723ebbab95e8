#!/usr/bin/perl
# Seeds a Request Tracker 5 for Vigil's integration test through RT's own Perl API, idempotently: a queue, a staff
# user (the analyst), an unprivileged customer, the rights each needs, and one new auth token for each of them.
# Prints one JSON object: {"queue","analyst":{"id","name","token"},"customer":{...}}. Run as www-data.
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
RT::LoadConfig();
RT::Init();
use JSON::PP;

my $system = RT->SystemUser;
my $queue_name = 'Vigil Support';

my $queue = RT::Queue->new($system);
$queue->Load($queue_name);
unless ( $queue->id ) {
    my ( $ok, $msg ) = $queue->Create( Name => $queue_name, Description => 'Vigil integration test' );
    die "queue: $msg\n" unless $ok;
}

sub ensure_user {
    my ( $name, $email, $real_name, $privileged ) = @_;
    my $user = RT::User->new($system);
    $user->Load($name);
    unless ( $user->id ) {
        my ( $ok, $msg ) = $user->Create(
            Name => $name, EmailAddress => $email, RealName => $real_name, Privileged => $privileged
        );
        die "user $name: $msg\n" unless $ok;
    }
    return $user;
}

sub grant {
    my ( $principal, $object, @rights ) = @_;
    for my $right (@rights) {
        next if $principal->HasRight( Right => $right, Object => $object );
        my ( $ok, $msg ) = $principal->GrantRight( Right => $right, Object => $object );
        die "grant $right: $msg\n" unless $ok;
    }
}

my $analyst  = ensure_user( 'vigil-analyst',  'analyst@example.com',  'Alex Analyst',  1 );
my $customer = ensure_user( 'vigil-customer', 'customer@example.com', 'Casey Customer', 0 );

grant( $analyst->PrincipalObj, $queue,
    qw(SeeQueue ShowTicket CreateTicket ReplyToTicket CommentOnTicket ShowTicketComments ModifyTicket OwnTicket
      TakeTicket Watch) );
grant( $analyst->PrincipalObj, RT->System, qw(ManageAuthTokens) );
# The customer may open tickets in the queue and, as their requestor, read and answer them: never comments.
grant( $customer->PrincipalObj, $queue, qw(SeeQueue CreateTicket) );
my $requestors = RT::Group->new($system);
$requestors->LoadRoleGroup( Object => $queue, Name => 'Requestor' );
$requestors->id or $requestors->CreateRoleGroup( Object => $queue, Name => 'Requestor' );
grant( $requestors->PrincipalObj, $queue, qw(ShowTicket ReplyToTicket) );
grant( $customer->PrincipalObj, RT->System, qw(ManageAuthTokens) );

# One token per user: RT tries every token of the user (a bcrypt check each) on every request, so old ones are
# removed first.
sub token_for {
    my ($user) = @_;
    my $old = RT::AuthTokens->new($system);
    $old->LimitOwner( VALUE => $user->id );
    while ( my $token = $old->Next ) {
        $token->Delete if $token->Description eq 'vigil integration test';
    }
    my $current = RT::CurrentUser->new($system);
    $current->Load( $user->id );
    my $token = RT::AuthToken->new($current);
    my ( $ok, $msg, $authstring ) = $token->Create( Owner => $user->id, Description => 'vigil integration test' );
    die "token for " . $user->Name . ": $msg\n" unless $ok;
    return $authstring;
}

print JSON::PP->new->canonical->encode( {
    queue    => { id => $queue->id, name => $queue->Name },
    analyst  => { id => $analyst->id,  name => $analyst->Name,  token => token_for($analyst) },
    customer => { id => $customer->id, name => $customer->Name, token => token_for($customer) },
} ), "\n";
