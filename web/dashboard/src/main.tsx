import { mountApp } from '@shared/app/mount';
import { App } from './App';
import { whenSignedOut } from './api/http';
import { sessionKey } from './auth/session';
import './styles.css';

mountApp(<App />, { key: sessionKey, whenSignedOut });
