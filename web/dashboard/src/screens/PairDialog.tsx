import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ruleMessage } from '@shared/i18n/intl';
import { FormattedMessage, useIntl } from 'react-intl';
import { describeError } from '../api/http';
import { Alert } from '@shared/ui/Alert';
import { Button } from '@shared/ui/Button';
import { Modal, ModalClose } from '@shared/ui/Modal';
import { TextField } from '@shared/ui/TextField';
import { usePairDevice } from './devices';

const schema = z.object({
  code: z
    .string()
    .trim()
    .transform((c) => c.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{6}$/, ruleMessage('pair.codeRule'))),
  nickname: z.string().trim().min(1, ruleMessage('pair.nameRule')).max(100),
});
type Values = z.input<typeof schema>;

// Pairs a screen by the code it shows (or the code from its QR link, given as `code`).
export function PairDialog({
  open,
  onOpenChange,
  code = '',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  code?: string;
}) {
  const pair = usePairDevice();
  const { formatMessage } = useIntl();
  const { register, handleSubmit, formState, reset } = useForm<Values, unknown, z.output<typeof schema>>({
    resolver: zodResolver(schema),
    defaultValues: { code, nickname: '' },
  });
  useEffect(() => {
    if (open) {
      reset({ code, nickname: '' });
      pair.reset();
    }
    // Fresh on every opening (not on every render: `pair` and `reset` change identity).
  }, [open, code]);
  const submit = handleSubmit((values) => pair.mutate(values, { onSuccess: () => onOpenChange(false) }));
  return (
    <Modal
      open={open}
      onOpenChange={onOpenChange}
      title={formatMessage({ id: 'pair.title' })}
      description={<FormattedMessage id="pair.description" />}
    >
      <form onSubmit={submit} noValidate className="flex flex-col gap-4">
        {pair.error && <Alert>{describeError(pair.error)}</Alert>}
        <TextField
          label={formatMessage({ id: 'pair.code' })}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={6}
          className="font-mono"
          {...register('code')}
          error={formState.errors.code?.message}
        />
        <TextField
          label={formatMessage({ id: 'pair.name' })}
          {...register('nickname')}
          error={formState.errors.nickname?.message}
        />
        <div className="flex justify-end gap-2">
          <ModalClose asChild>
            <Button variant="secondary">
              <FormattedMessage id="action.cancel" />
            </Button>
          </ModalClose>
          <Button type="submit" busy={pair.isPending}>
            <FormattedMessage id="pair.submit" />
          </Button>
        </div>
      </form>
    </Modal>
  );
}
