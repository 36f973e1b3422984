import { useState } from 'react';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { TextField } from '@shared/ui/TextField';
import { describeError, fieldErrorsOf } from '../api/http';
import type { User } from '../api/types';
import { useAccountActions } from '../auth/account';
import { useSession } from '../auth/session';

// The viewer's account: how the channel is named and reached, its pictures, the password.
export function Settings() {
  const session = useSession();
  if (!session.data) return null;
  return (
    <div className="flex max-w-xl flex-col gap-8">
      <h1 className="text-2xl font-bold">Settings</h1>
      <Account user={session.data} />
      <Pictures user={session.data} />
      <Password />
    </div>
  );
}

function Account({ user }: { user: User }) {
  const { update } = useAccountActions();
  const [fullname, setFullname] = useState(user.fullname);
  const [email, setEmail] = useState(user.email ?? '');
  const errors = fieldErrorsOf(update.error);
  return (
    <form
      aria-labelledby="account-heading"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        update.mutate({ fullname: fullname.trim(), email: email.trim() });
      }}
    >
      <h2 id="account-heading" className="font-semibold">
        Channel
      </h2>
      <TextField
        label="Name"
        required
        maxLength={100}
        value={fullname}
        onChange={(e) => setFullname(e.target.value)}
        error={errors.fullname}
      />
      <TextField
        label="Email"
        type="email"
        required
        value={email}
        onChange={(e) => setEmail(e.target.value)}
        error={errors.email}
      />
      <EmailConfirmation user={user} />
      {update.error && !Object.keys(errors).length && <Alert>{describeError(update.error)}</Alert>}
      {update.isSuccess && <Alert tone="info">Saved.</Alert>}
      <Button type="submit" className="self-start" busy={update.isPending}>
        Save
      </Button>
    </form>
  );
}

// Whether the address reaches its owner, and a way to get a link while it is not known to (a
// server without mail says so when asked).
function EmailConfirmation({ user }: { user: User }) {
  const { confirmEmail } = useAccountActions();
  if (user.emailVerified !== false) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm">
      <span>This address is not confirmed yet.</span>
      {confirmEmail.isSuccess ? (
        <span role="status">Sent. Check your inbox.</span>
      ) : (
        <Button variant="secondary" busy={confirmEmail.isPending} onClick={() => confirmEmail.mutate()}>
          Send a confirmation link
        </Button>
      )}
      {confirmEmail.error && <Alert>{describeError(confirmEmail.error)}</Alert>}
    </div>
  );
}

function Pictures({ user }: { user: User }) {
  const { picture } = useAccountActions();
  const errors = fieldErrorsOf(picture.error);
  const choose = (kind: 'avatar' | 'coverImage') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) picture.mutate({ kind, file });
    e.target.value = '';
  };
  return (
    <section aria-labelledby="pictures-heading" className="flex flex-col gap-3">
      <h2 id="pictures-heading" className="font-semibold">
        Pictures
      </h2>
      <div className="flex items-center gap-4">
        <img src={user.avatar} alt="" className="h-16 w-16 rounded-full object-cover" />
        <TextField
          className="min-w-0 flex-1"
          label="New avatar"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          onChange={choose('avatar')}
          error={errors.avatar}
        />
      </div>
      <div className="flex flex-col gap-2">
        {user.coverImage && (
          <img src={user.coverImage} alt="" className="aspect-[6/1] w-full rounded-xl object-cover" />
        )}
        <TextField
          label="New cover"
          type="file"
          accept="image/jpeg,image/png,image/webp"
          hint="A wide picture across the top of your channel; JPEG, PNG or WebP up to 10 MB"
          onChange={choose('coverImage')}
          error={errors.coverImage}
        />
      </div>
      {picture.isPending && <p role="status">Uploading…</p>}
      {picture.error && !Object.keys(errors).length && <Alert>{describeError(picture.error)}</Alert>}
    </section>
  );
}

function Password() {
  const { password } = useAccountActions();
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const errors = fieldErrorsOf(password.error);
  return (
    <form
      aria-labelledby="password-heading"
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        password.mutate(
          { oldPassword, newPassword },
          {
            onSuccess: () => {
              setOld('');
              setNew('');
            },
          },
        );
      }}
    >
      <h2 id="password-heading" className="font-semibold">
        Password
      </h2>
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        value={oldPassword}
        onChange={(e) => setOld(e.target.value)}
        error={errors.oldPassword}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={8}
        hint="At least 8 characters. Your other sessions are signed out."
        value={newPassword}
        onChange={(e) => setNew(e.target.value)}
        error={errors.newPassword}
      />
      {password.error && !Object.keys(errors).length && <Alert>{describeError(password.error)}</Alert>}
      {password.isSuccess && <Alert tone="info">Password changed. Your other sessions are signed out.</Alert>}
      <Button type="submit" className="self-start" busy={password.isPending}>
        Change password
      </Button>
    </form>
  );
}
